"""Sessions, clock settings, fault rules (and, with Redis, the journal) outlive the process
and are shared by replicas: here an app "restarts" by closing its backend and building anew,
and two apps on one Redis stand for two replicas."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from mockserver import host_of
from tests.conftest import ALICE, make_app
from tests.control.conftest import admin, in_session

ISSUES = "/v1/issues?workspace=acme-electronics&order=8001"
ORDERS = "/v1/orders?workspace=acme-electronics"


def restarted(app: Flask, options: dict[str, Any]) -> Flask:
    host_of(app).sessions.backend.close()
    return make_app(**options)


def titles(client: FlaskClient, session: str) -> list[str]:
    found = client.get(ISSUES, headers=in_session(session)).get_json()["issues"]
    return [issue["title"] for issue in found]


@pytest.mark.parametrize("backend_options", ["sqlite", "redis"], indirect=True)
def test_a_session_resumes_after_a_restart(backend_options: dict[str, Any]) -> None:
    first = make_app(**backend_options)
    client = first.test_client()
    seeded = admin(client, "PUT", "/sessions/seeded", json={"seed": 7, "preset": "small"})
    assert seeded.status_code == 201
    projects = len(host_of(first).sessions.get("seeded").worlds["circuithub"].stores["projects"])
    made = client.post("/v1/orders/8001/issues", json={"title": "kept"}, headers=in_session("s1"))
    assert made.status_code == 201
    clock = {"now": "2030-01-02T03:04:05Z", "frozen": True}
    assert admin(client, "PUT", "/clock", session="s1", json=clock).status_code == 200
    rule = {"operationId": "listOrders", "status": 503, "times": 2}
    assert admin(client, "POST", "/faults", session="s1", json=rule).status_code == 201
    assert client.get(ORDERS, headers=in_session("s1")).status_code == 503  # first of two

    again = restarted(first, backend_options).test_client()
    assert titles(again, "s1")[0] == "kept"
    assert "kept" not in titles(again, "default")
    assert admin(again, "GET", "/clock", session="s1").get_json() == {
        "now": "2030-01-02T03:04:05Z",
        "frozen": True,
    }
    assert admin(again, "GET", "/sessions/seeded").get_json()["seed"] == 7
    kept = host_of(again.application).sessions.get("seeded").worlds["circuithub"]
    assert len(kept.stores["projects"]) == projects
    assert admin(again, "GET", "/faults", session="s1").get_json()["faults"][0]["hits"] == 1
    assert again.get(ORDERS, headers=in_session("s1")).status_code == 503  # the second
    assert again.get(ORDERS, headers=in_session("s1")).status_code == 200  # then retired


@pytest.mark.parametrize("backend_options", ["sqlite", "redis"], indirect=True)
def test_a_deleted_session_stays_deleted(backend_options: dict[str, Any]) -> None:
    first = make_app(**backend_options)
    client = first.test_client()
    client.post("/v1/orders/8001/issues", json={"title": "gone"}, headers=in_session("s2"))
    assert admin(client, "DELETE", "/sessions/s2").status_code == 204
    again = restarted(first, backend_options).test_client()
    assert admin(again, "GET", "/sessions/s2").status_code == 404
    assert "gone" not in titles(again, "s2")  # first use makes it anew


@pytest.mark.parametrize("backend_options", ["sqlite", "redis"], indirect=True)
def test_a_reset_session_starts_from_its_dataset_again(backend_options: dict[str, Any]) -> None:
    client = make_app(**backend_options).test_client()
    client.post("/v1/orders/8001/issues", json={"title": "undone"}, headers=in_session("s3"))
    assert admin(client, "POST", "/reset", session="s3").status_code == 204
    assert "undone" not in titles(client, "s3")


def test_replicas_share_sessions_clock_faults_and_journal(redis_url: str) -> None:
    one = make_app(redis_url=redis_url).test_client()
    two = make_app(redis_url=redis_url).test_client()
    assert admin(one, "PUT", "/sessions/shared", json={}).status_code == 201
    assert admin(two, "GET", "/sessions/shared").status_code == 200

    admin(one, "POST", "/clock/advance", session="shared", json={"seconds": 3600})
    assert (
        admin(two, "GET", "/clock", session="shared").get_json()
        == admin(one, "GET", "/clock", session="shared").get_json()
    )

    rule = {"operationId": "listOrders", "status": 503, "times": 1}
    admin(one, "POST", "/faults", session="shared", json=rule)
    answers = [c.get(ORDERS, headers=in_session("shared")).status_code for c in (two, one, two)]
    assert answers == [503, 200, 200]  # fired once in all, on whichever replica came first

    journal = [
        admin(c, "GET", "/requests?operationId=listOrders", session="shared").get_json()
        for c in (one, two)
    ]
    assert journal[0] == journal[1] and len(journal[0]["requests"]) == 3
    assert [e["status"] for e in journal[0]["requests"]] == [503, 200, 200]


def test_a_session_made_on_one_replica_is_served_by_another(redis_url: str) -> None:
    one = make_app(redis_url=redis_url).test_client()
    two = make_app(redis_url=redis_url).test_client()
    made = one.post("/v1/orders/8001/issues", json={"title": "t"}, headers=in_session("s"))
    listed = two.get(ISSUES, headers=in_session("s")).get_json()["issues"]
    assert listed[0] == made.get_json()
    assert two.get(ISSUES, headers=ALICE).get_json()["issues"][0]["title"] != "t"
