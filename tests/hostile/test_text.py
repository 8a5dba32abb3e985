"""Invalid Unicode is refused with a 400 naming the field, before anything is stored; and
whatever is stored can always be served. (Issue 15: one `\\ud800` title broke the issue
list for everyone until restart.)"""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from mockserver import host_of
from tests.conftest import ALICE, BOB, make_app
from tests.flows import create_project

JSON = {"Content-Type": "application/json"}
ISSUES = "/v1/issues?workspace=acme-electronics"


@pytest.fixture(params=["fast", "openapi-core"])
def any_mode(request: pytest.FixtureRequest) -> FlaskClient:
    """Both validation modes: neither validator may let invalid text through."""
    client: FlaskClient = make_app(validator=request.param).test_client()
    return client


def post_raw(client: FlaskClient, url: str, raw: bytes, headers: dict[str, str] = BOB) -> Any:
    return client.post(url, data=raw, headers={**headers, **JSON})


def refused(response: Any, field: str) -> str:
    assert response.status_code == 400, response.get_data(as_text=True)
    body = response.get_json()
    assert body["code"] == "VALIDATION_ERROR"
    assert field in body["error"] and "not valid Unicode" in body["error"]
    message: str = body["error"]
    return message


def test_a_surrogate_issue_title_is_refused_and_the_lists_still_answer(
    any_mode: FlaskClient,
) -> None:
    before = any_mode.get(ISSUES, headers=ALICE).get_json()
    response = post_raw(any_mode, "/v1/orders/8001/issues", b'{"title":"\\ud800"}')
    refused(response, "'title'")
    for who in (ALICE, BOB):
        for query in ("", "&order=8001", "&status=open", "&order=8001&status=open"):
            assert any_mode.get(ISSUES + query, headers=who).status_code == 200
    assert any_mode.get(ISSUES, headers=ALICE).get_json() == before


def test_a_surrogate_project_name_is_refused_and_projects_still_answer(
    any_mode: FlaskClient,
) -> None:
    created = create_project(any_mode, {"board.kicad_pcb": b"(kicad_pcb)\n"})
    body = (
        b'{"name":"x\\ud800","workspace":"acme-electronics",'
        b'"files":[{"objectKey":"uploads/abc123/bom.csv","filename":"bom.csv"}]}'
    )
    refused(post_raw(any_mode, "/v1/projects", body, ALICE), "'name'")
    listed = any_mode.get("/v1/projects?workspace=acme-electronics", headers=ALICE)
    assert listed.status_code == 200
    assert all("\\ud800" not in p["name"] for p in listed.get_json()["projects"])
    project = any_mode.get(f"/v1/projects/{created['projectId']}", headers=ALICE)
    assert project.status_code == 200


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        (b'{"title":"ok","comment":"a\\udfffb"}', "'comment'"),
        (b'{"title":"\\udc00\\ud800 reversed pair"}', "'title'"),
        (b'{"title":"ok","\\ud800":"x"}', "a key in the request body"),
        (b'{"title":"ok","extra":{"\\ud83d":1}}', "a key in request body field 'extra'"),
        (b'{"title":"ok","extra":[1,["\\ud800"]]}', "'extra[1][0]'"),
    ],
)
def test_surrogates_are_found_in_any_string_or_key(
    any_mode: FlaskClient, raw: bytes, field: str
) -> None:
    refused(post_raw(any_mode, "/v1/orders/8001/issues", raw), field)


def test_a_valid_surrogate_pair_is_one_character_and_welcome(client: FlaskClient) -> None:
    response = post_raw(client, "/v1/orders/8001/issues", b'{"title":"board \\ud83d\\ude00"}')
    assert response.status_code == 201
    assert response.get_json()["title"] == "board \U0001f600"


def test_a_body_that_is_not_utf8_is_refused(client: FlaskClient) -> None:
    raw = b'{"title":"\xed\xa0\x80"}'  # a surrogate encoded as UTF-8 bytes: not UTF-8
    response = post_raw(client, "/v1/orders/8001/issues", raw)
    assert response.status_code == 400
    assert "not valid UTF-8" in response.get_json()["error"]


@pytest.mark.parametrize("raw", [b'{"title":NaN}', b'{"title":"t","x":-Infinity}', b"[1e999]"])
def test_json_has_no_nan_or_infinity(client: FlaskClient, raw: bytes) -> None:
    response = post_raw(client, "/v1/orders/8001/issues", raw)
    assert response.status_code == 400
    assert "not valid JSON" in response.get_json()["error"]


def test_invalid_utf8_in_a_query_parameter_is_refused(any_mode: FlaskClient) -> None:
    response = any_mode.get("/v1/parts?q=LM%ED%A0%80", headers=ALICE)
    refused(response, "query parameter 'q'")
    response = any_mode.get("/v1/issues?workspace=acme-electronics&status=%FF", headers=ALICE)
    refused(response, "query parameter 'status'")


def test_unknown_query_parameters_are_ignored_whatever_they_hold(client: FlaskClient) -> None:
    response = client.get("/v1/parts?q=LM358&junk=%ED%A0%80", headers=ALICE)
    assert response.status_code == 200


def test_invalid_utf8_in_a_path_parameter_is_refused(any_mode: FlaskClient) -> None:
    # As a WSGI server hands it over: the percent-decoded bytes, read as latin-1.
    response = any_mode.get(
        "/v1/orders/1", headers=ALICE, environ_overrides={"PATH_INFO": "/v1/orders/\xed\xa0\x80"}
    )
    refused(response, "path parameter 'orderId'")


def test_an_invalid_signed_header_is_refused_as_s3_does(client: FlaskClient) -> None:
    response = client.put(
        "/v1/storage/uploads/abc123/x.csv?expires=1&size=1&signature=" + "0" * 64,
        data=b"x",
        headers={"Content-Type": "application/octet-stream", "x-amz-acl": "caf\xe9"},
    )
    assert response.status_code == 400
    assert b"<Code>InvalidArgument</Code>" in response.data
    assert b"header 'x-amz-acl'" in response.data.lower()


def test_a_content_type_openapi_core_cannot_parse_is_a_400(any_mode: FlaskClient) -> None:
    headers = {**ALICE, "Content-Type": "a;b"}
    response = any_mode.post("/v1/issues/7001/comments", data=b'{"body":"x"}', headers=headers)
    assert response.status_code == 400
    assert "must be application/json" in response.get_json()["error"]


def test_the_judge_refuses_what_screening_would(app: Flask) -> None:
    """openapi-core accepts a lone surrogate; the judge's own check does not."""
    judge = host_of(app).mounts["circuithub"].judge
    with app.test_request_context(
        "/v1/orders/8001/issues",
        method="POST",
        data=b'{"title":"\\ud800"}',
        headers={**ALICE, **JSON},
    ):
        from flask import request

        message, inputs = judge.judge(request)
    assert inputs is None and message is not None and "'title'" in message


def test_stored_invalid_text_is_still_served(app: Flask, client: FlaskClient) -> None:
    """The second line: text no request can store (a dataset's, say) is escaped, not a 500."""
    world = host_of(app).sessions.default.worlds["circuithub"]
    world.stores["issues"].update(7001, {"title": "bad \ud800 title"})
    response = client.get(ISSUES, headers=ALICE)
    assert response.status_code == 200
    assert b'"bad \\ud800 title"' in response.data


@pytest.mark.parametrize(
    "host", ["ex\u202eample.com", "a b", "caf\xc3\xa9", "x\x00y", "a" * 300, "h/../x", "[::1"]
)
def test_a_hostile_host_header_never_reaches_a_url(client: FlaskClient, host: str) -> None:
    """Werkzeug refuses some hosts itself (400); the rest give URLs on the server's address."""
    body = {"workspace": "acme-electronics", "files": [{"filename": "a.csv", "size": 3}]}
    response = client.post("/v1/projects/upload-urls", json=body, headers={**ALICE, "Host": host})
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        url = response.get_json()["uploads"][0]["uploadUrl"]
        assert url.startswith("http://localhost:80/v1/storage/uploads/")


def test_a_plain_host_and_port_are_kept(client: FlaskClient) -> None:
    body = {"workspace": "acme-electronics", "files": [{"filename": "a.csv", "size": 3}]}
    headers = {**ALICE, "Host": "mock.internal:9123"}
    response = client.post("/v1/projects/upload-urls", json=body, headers=headers)
    assert response.get_json()["uploads"][0]["uploadUrl"].startswith("http://mock.internal:9123/")
