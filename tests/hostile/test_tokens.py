"""JWT claims are typed strictly: no claim value causes a 500 or names a user it should not.
(Issue 15: a signed JWT whose `exp` was a string answered 500 `TypeError`; a `sub` in
Arabic-Indic digits was accepted as user 601.)"""

from __future__ import annotations

from typing import Any

import jwt
import pytest
from flask.testing import FlaskClient

from mockserver import Config, create_app
from tests.conftest import FROZEN, TEST_SECRET, bearer

NOW = 1742032800  # FROZEN as Unix seconds
GOOD = {"sub": "501", "iat": NOW, "exp": NOW + 3600, "iss": "circuithub-mock"}


def signed(secret: str = TEST_SECRET, **claims: Any) -> str:
    return jwt.encode({**GOOD, **claims}, secret, algorithm="HS256")


def answer(client: FlaskClient, token: str) -> tuple[int, str]:
    response = client.get("/v1/workspaces", headers=bearer(token))
    return response.status_code, (response.get_json() or {}).get("error", "")


def test_a_well_typed_token_is_accepted(client: FlaskClient) -> None:
    assert answer(client, signed())[0] == 200


@pytest.mark.parametrize(
    "claims",
    [
        {"exp": str(NOW + 3600)},
        {"exp": float(NOW + 3600)},
        {"exp": True},
        {"exp": None},
        {"exp": [NOW + 3600]},
        {"iat": "now"},
        {"sub": "\u0666\u0660\u0661"},  # 601 in Arabic-Indic digits
        {"sub": "\uff15\uff10\uff11"},  # 501 in full-width digits
        {"sub": 501},
        {"sub": ""},
        {"sub": "501\x00"},
        {"sub": " 501"},
        {"sub": "9" * 5000},
        {"sub": {"id": 501}},
    ],
)
def test_ill_typed_claims_are_401(client: FlaskClient, claims: dict[str, Any]) -> None:
    status, message = answer(client, signed(**claims))
    assert status == 401, message
    assert len(message) <= 400


def test_a_token_of_another_secret_is_401(client: FlaskClient) -> None:
    assert answer(client, signed(secret="another-secret-of-at-least-32-bytes!"))[0] == 401


def test_apps_without_a_secret_refuse_each_others_tokens() -> None:
    first, second = (create_app(Config(clock=FROZEN)).test_client() for _ in range(2))
    token = first.get("/v1/auth/cli?redirect_uri=http://localhost:1/cb").headers["Location"]
    token = token.split("token=", 1)[1]
    assert answer(first, token)[0] == 200
    assert answer(second, token)[0] == 401


def test_apps_given_one_secret_accept_each_others_tokens() -> None:
    first, second = (
        create_app(Config(clock=FROZEN, secret=TEST_SECRET)).test_client() for _ in range(2)
    )
    location = first.get("/v1/auth/cli?redirect_uri=http://localhost:1/cb").headers["Location"]
    assert answer(second, location.split("token=", 1)[1])[0] == 200
