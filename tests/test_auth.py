"""Bearer auth: API keys, JWTs from the CLI login flow, and the redirect rules."""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
from flask.testing import FlaskClient

from tests.conftest import FROZEN, TEST_SECRET, bearer, make_app

SECRET = TEST_SECRET


def login(client: FlaskClient, uri: str = "http://localhost:8765/callback") -> str:
    response = client.get("/v1/auth/cli", query_string={"redirect_uri": uri})
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith(uri + "?token=")
    return parse_qs(urlsplit(location).query)["token"][0]


def test_cli_login_hands_a_24_hour_jwt_for_alice(client: FlaskClient) -> None:
    token = login(client)
    claims = jwt.decode(token, SECRET, algorithms=["HS256"], options={"verify_exp": False})
    assert claims["exp"] - claims["iat"] == 86400
    assert claims["email"] == "alice@acme.co"
    response = client.get("/v1/workspaces", headers=bearer(token))
    assert response.status_code == 200
    assert response.get_json()["workspaces"][0]["slug"] == "acme-electronics"


def test_the_login_user_is_configurable() -> None:
    client = make_app(login_user_email="bob@acme.co").test_client()
    claims = jwt.decode(login(client), SECRET, algorithms=["HS256"], options={"verify_exp": False})
    assert claims["email"] == "bob@acme.co"


def test_a_query_in_the_redirect_uri_is_kept(client: FlaskClient) -> None:
    response = client.get(
        "/v1/auth/cli?redirect_uri=http%3A%2F%2F127.0.0.1%3A9000%2Fcb%3Fstate%3Dx"
    )
    assert response.headers["Location"].startswith("http://127.0.0.1:9000/cb?state=x&token=")


@pytest.mark.parametrize(
    "uri",
    [
        "http://localhost.evil.com:8765/cb",
        "http://evil.com:8765/cb",
        "http://localhost@evil.com:8765/cb",
        "http://evil.com@localhost:8765/cb",
        "http://user:pass@localhost:8765/cb",
        "https://localhost:8765/cb",
        "/callback",
        "localhost:8765/cb",
        "//localhost:8765/cb",
        "javascript:alert(1)",
        "http://localhost/cb",
        "http://127.0.0.2:8765/cb",
        "http://[::1]:8765/cb",
        "http://localhost:99999/cb",
        "http://localhost:8765\\@evil.com/cb",
        "http://localhost:8765/cb#frag",
        "http://localhost:8765/c b",
        "ftp://localhost:8765/cb",
    ],
)
def test_unsafe_redirect_uris_are_refused(client: FlaskClient, uri: str) -> None:
    response = client.get("/v1/auth/cli", query_string={"redirect_uri": uri})
    assert response.status_code == 400
    assert response.get_json()["code"] == "INVALID_REDIRECT_URI"


def test_missing_redirect_uri_is_a_validation_error(client: FlaskClient) -> None:
    response = client.get("/v1/auth/cli")
    assert response.status_code == 400
    assert response.get_json()["code"] == "VALIDATION_ERROR"


def forged(claims: dict[str, object], key: str = SECRET, alg: str = "HS256") -> str:
    return jwt.encode(claims, key, algorithm=alg)


NOW = int(datetime.fromisoformat(FROZEN.replace("Z", "+00:00")).timestamp())
GOOD = {
    "sub": "501",
    "email": "alice@acme.co",
    "iat": NOW,
    "exp": NOW + 3600,
    "iss": "circuithub-mock",
}


def unsigned(claims: dict[str, object]) -> str:
    header = jwt.utils.base64url_encode(b'{"alg":"none","typ":"JWT"}').decode()
    import json

    payload = jwt.utils.base64url_encode(json.dumps(claims).encode()).decode()
    return f"{header}.{payload}."


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": ""},
        {"Authorization": "Bearer"},
        {"Authorization": "Bearer "},
        {"Authorization": "Basic Y2g6dGVzdA=="},
        {"Authorization": "ch_test_alice"},
        bearer("ch_test_nobody"),
        bearer("a.b.c"),
        bearer(forged({**GOOD, "exp": NOW - 1})),
        bearer(forged(GOOD, key="another-secret-that-is-long-enough-32b")),
        bearer(forged({**GOOD, "sub": "99999"})),
        bearer(forged({k: v for k, v in GOOD.items() if k != "exp"})),
        bearer(unsigned(GOOD)),
    ],
    ids=[
        "none",
        "empty",
        "no-token",
        "blank-token",
        "basic",
        "no-scheme",
        "unknown-key",
        "junk-jwt",
        "expired",
        "wrong-key",
        "unknown-user",
        "no-exp",
        "alg-none",
    ],
)
def test_bad_credentials_are_401(client: FlaskClient, headers: dict[str, str]) -> None:
    response = client.get("/v1/workspaces", headers=headers)
    assert response.status_code == 401
    assert response.get_json()["code"] == "UNAUTHORIZED"


def test_a_jwt_expires_by_the_mock_clock() -> None:
    app = make_app()
    client = app.test_client()
    token = login(client)
    from mockserver import host_of

    host_of(app).world.runtime.clock.advance(timedelta(hours=24).total_seconds())
    assert client.get("/v1/workspaces", headers=bearer(token)).status_code == 401


def test_public_operations_need_no_token(client: FlaskClient) -> None:
    assert client.get("/v1/health").get_json() == {"status": "ok"}


def test_api_keys_of_each_user(client: FlaskClient) -> None:
    for key, slug in (
        ("ch_test_alice", "acme-electronics"),
        ("ch_test_bob", "acme-electronics"),
        ("ch_test_mallory", "globex-labs"),
    ):
        slugs = [
            w["slug"]
            for w in client.get("/v1/workspaces", headers=bearer(key)).get_json()["workspaces"]
        ]
        assert slugs == [slug]
