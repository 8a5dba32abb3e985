"""The clock: set, frozen, moved; per session; and everything time-bound follows it."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

from flask.testing import FlaskClient

from mockserver.engine.clock import Clock, parse_instant
from tests.conftest import ALICE, FROZEN, bearer, make_app
from tests.control.conftest import admin, in_session
from tests.flows import BOARD, path_of

T = "clock-test"


def near(instant: str, expected: datetime, seconds: float = 5) -> bool:
    return abs((parse_instant(instant) - expected).total_seconds()) <= seconds


def test_a_frozen_clock_moves_only_when_told() -> None:
    clock = Clock("2025-03-15T10:00:00Z")
    assert clock.frozen and clock.now() == parse_instant("2025-03-15T10:00:00Z")
    clock.advance(90)
    assert clock.now() == parse_instant("2025-03-15T10:01:30Z") and clock.frozen
    clock.advance(-30)
    assert clock.now() == parse_instant("2025-03-15T10:01:00Z")


def test_a_running_clock_set_or_advanced_keeps_running() -> None:
    clock = Clock()
    clock.set("2030-01-01T00:00:00Z", frozen=False)
    assert not clock.frozen and near(clock.now().isoformat(), datetime(2030, 1, 1, tzinfo=UTC))
    clock.advance(3600)
    assert not clock.frozen
    assert near(clock.now().isoformat(), datetime(2030, 1, 1, 1, tzinfo=UTC))


def test_freeze_unfreeze_and_reset() -> None:
    clock = Clock(FROZEN)
    clock.unfreeze()
    assert not clock.frozen and near(clock.now().isoformat(), parse_instant(FROZEN))
    clock.freeze()
    assert clock.frozen
    clock.advance(100)
    clock.reset()
    assert clock.frozen and clock.now() == parse_instant(FROZEN)
    real = Clock()
    real.set(FROZEN)
    real.reset()
    assert not real.frozen and near(real.now().isoformat(), datetime.now(UTC))


def test_the_admin_api_reads_sets_and_moves_the_clock(client: FlaskClient) -> None:
    assert admin(client, "GET", "/clock").get_json() == {"now": FROZEN, "frozen": True}
    moved = admin(client, "POST", "/clock/advance", json={"seconds": 3601}).get_json()
    assert moved == {"now": "2025-03-15T11:00:01Z", "frozen": True}
    body = {"now": "2030-06-01T12:00:00+02:00"}
    assert admin(client, "PUT", "/clock", json=body).get_json() == {
        "now": "2030-06-01T10:00:00Z",
        "frozen": True,
    }
    running = admin(client, "PUT", "/clock", json={"frozen": False}).get_json()
    assert running["frozen"] is False and near(running["now"], datetime(2030, 6, 1, 10, tzinfo=UTC))


def test_bad_clock_bodies_are_400_naming_the_field(client: FlaskClient) -> None:
    for path, method, body, word in [
        ("/clock/advance", "POST", {"seconds": "soon"}, "seconds"),
        ("/clock", "PUT", {"now": "yesterday"}, "now"),
        ("/clock", "PUT", {}, "body"),
        ("/clock", "PUT", {"frozen": True, "speed": 2}, "speed"),
    ]:
        response = admin(client, method, path, json=body)
        error = response.get_json()
        assert response.status_code == 400 and error["code"] == "VALIDATION_ERROR", error
        assert word in error["message"], error


def test_each_session_has_its_own_clock(client: FlaskClient) -> None:
    admin(client, "POST", "/clock/advance", session="a", json={"seconds": 86400})
    assert admin(client, "GET", "/clock", session="a").get_json()["now"] == "2025-03-16T10:00:00Z"
    assert admin(client, "GET", "/clock", session="b").get_json()["now"] == FROZEN
    assert admin(client, "GET", "/clock").get_json()["now"] == FROZEN
    prefixed = client.get("/_mock/sessions/a/_mock/clock").get_json()
    assert prefixed["now"] == "2025-03-16T10:00:00Z"


def test_timestamps_follow_the_session_clock(client: FlaskClient) -> None:
    admin(client, "PUT", "/clock", session=T, json={"now": "2031-02-03T04:05:06Z"})
    response = client.post("/v1/orders/8001/issues", json={"title": "Late"}, headers=in_session(T))
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["createdAt"] == "2031-02-03T04:05:06Z"
    default = client.post("/v1/orders/8001/issues", json={"title": "Late"}, headers=ALICE)
    assert default.get_json()["createdAt"] == FROZEN


def test_a_quote_expires_by_the_session_clock(client: FlaskClient) -> None:
    root = f"/_mock/sessions/{T}/v1"
    first = client.post(f"{root}/quotes", json={"projectId": 12345}, headers=ALICE).get_json()
    again = client.post(f"{root}/quotes", json={"projectId": 12345}, headers=ALICE).get_json()
    assert again["id"] == first["id"] and first["expiresAt"] == "2025-03-15T11:00:00Z"
    admin(client, "POST", "/clock/advance", session=T, json={"seconds": 3601})
    fresh = client.post(f"{root}/quotes", json={"projectId": 12345}, headers=ALICE).get_json()
    assert fresh["id"] != first["id"] and fresh["createdAt"] == "2025-03-15T11:00:01Z"


def test_a_jwt_expires_by_the_session_clock(client: FlaskClient) -> None:
    uri = "http://localhost:8765/callback"
    response = client.get(
        "/v1/auth/cli", query_string={"redirect_uri": uri}, headers={"X-Mock-Session": T}
    )
    token = parse_qs(urlsplit(response.headers["Location"]).query)["token"][0]
    headers = in_session(T, bearer(token))
    assert client.get("/v1/workspaces", headers=headers).status_code == 200
    admin(client, "POST", "/clock/advance", session=T, json={"seconds": 86400})
    expired = client.get("/v1/workspaces", headers=headers)
    assert expired.status_code == 401 and "expired" in expired.get_json()["error"]
    # The default session's clock did not move: there the token is still valid.
    assert client.get("/v1/workspaces", headers=bearer(token)).status_code == 200


def test_a_presigned_url_expires_by_the_session_clock(client: FlaskClient) -> None:
    body = {"workspace": "acme-electronics", "files": [{"filename": "b.kicad_pcb", "size": 5}]}
    target = client.post("/v1/projects/upload-urls", json=body, headers=in_session(T)).get_json()[
        "uploads"
    ][0]
    assert target["validTill"] == "2025-03-15T11:00:00Z"
    admin(client, "POST", "/clock/advance", session=T, json={"seconds": 3601})
    # In header mode every request carries the header, the upload too.
    headers = in_session(T, dict(target["headers"]))
    response = client.put(path_of(target["uploadUrl"]), data=b"12345", headers=headers)
    assert response.status_code == 403 and b"expired" in response.data


def test_imports_follow_the_session_clock() -> None:
    client = make_app(import_mode="clock", import_steps=30).test_client()
    headers = in_session(T)
    body = {"workspace": "acme-electronics", "files": [{"filename": "b.kicad_pcb", "size": 31}]}
    target = client.post("/v1/projects/upload-urls", json=body, headers=headers).get_json()
    upload = target["uploads"][0]
    put = client.put(
        path_of(upload["uploadUrl"]), data=BOARD, headers=in_session(T, dict(upload["headers"]))
    )
    assert put.status_code == 200
    files = [{"objectKey": upload["objectKey"], "filename": "b.kicad_pcb"}]
    project = {"name": "clocked", "workspace": "acme-electronics", "files": files}
    pid = client.post("/v1/projects", json=project, headers=headers).get_json()["projectId"]
    status = f"/v1/projects/{pid}/status"
    assert client.get(status, headers=headers).get_json()["status"] == "importing"
    admin(client, "POST", "/clock/advance", session=T, json={"seconds": 30})
    assert client.get(status, headers=headers).get_json()["status"] == "complete"


def test_reset_brings_the_clock_back(client: FlaskClient) -> None:
    admin(client, "POST", "/clock/advance", session=T, json={"seconds": 50})
    assert admin(client, "POST", "/reset", session=T).status_code == 204
    assert admin(client, "GET", "/clock", session=T).get_json()["now"] == FROZEN
