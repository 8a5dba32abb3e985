"""Error messages quote at most a bounded prefix of the offending input, in every path that
words them. (Issue 15: a 100 KB query value was echoed whole into the 400 message.)"""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from mockserver.engine.screening import MESSAGE_LIMIT, QUOTE_LIMIT
from tests.conftest import ALICE, make_app

LONG = "a" * 100_000


@pytest.fixture(scope="module", params=["fast", "openapi-core"])
def mode_client(request: pytest.FixtureRequest) -> FlaskClient:
    client: FlaskClient = make_app(validator=request.param).test_client()
    return client


def bounded_error(response: Any) -> str:
    assert 400 <= response.status_code < 500, response.status_code
    message: str = response.get_json()["error"]
    assert len(message) <= MESSAGE_LIMIT
    assert "a" * (QUOTE_LIMIT + 1) not in message
    return message


def test_a_100_kb_query_value_is_quoted_as_an_excerpt(mode_client: FlaskClient) -> None:
    message = bounded_error(mode_client.get(f"/v1/parts?q={LONG}", headers=ALICE))
    assert "'q'" in message or " q" in message
    assert "a" * QUOTE_LIMIT + "…" in message


@pytest.mark.parametrize(
    "url",
    [
        f"/v1/projects/{'9' * 100_000}",
        f"/v1/issues?workspace=acme-electronics&status={LONG}",
        f"/v1/workspaces/{LONG}/billing/invoices?from={LONG}",
        f"/v1/quotes/1/breakdown?quantity={'1' * 5_000}&leadTimeDays=5",
    ],
)
def test_parameters_are_quoted_as_excerpts(mode_client: FlaskClient, url: str) -> None:
    message = bounded_error(mode_client.get(url, headers=ALICE))
    assert "9" * (QUOTE_LIMIT + 1) not in message and "1" * (QUOTE_LIMIT + 1) not in message


@pytest.mark.parametrize(
    "body",
    [
        {"title": LONG},
        {"title": "t", LONG: 1},
        {"title": ["x"] * 10_000},
        {"title": {"k": LONG}},
    ],
)
def test_body_values_and_keys_are_quoted_as_excerpts(
    mode_client: FlaskClient, body: dict[str, Any]
) -> None:
    bounded_error(mode_client.post("/v1/orders/8001/issues", json=body, headers=ALICE))


def test_a_long_content_type_is_quoted_as_an_excerpt(mode_client: FlaskClient) -> None:
    headers = {**ALICE, "Content-Type": "text/" + LONG}
    bounded_error(mode_client.post("/v1/orders/8001/issues", data=b"{}", headers=headers))


def test_messages_of_the_apis_own_rules_are_bounded_too(client: FlaskClient) -> None:
    key = "uploads/abc123/" + "b" * 5_000
    body = {
        "name": "p",
        "workspace": "acme-electronics",
        "files": [{"objectKey": key, "filename": "bom.csv"}],
    }
    response = client.post("/v1/projects", json=body, headers=ALICE)
    message = bounded_error(response)
    assert "b" * (QUOTE_LIMIT + 1) not in message


def test_s3_errors_are_bounded_and_well_formed(client: FlaskClient) -> None:
    url = f"/v1/storage/uploads/abc123/x.csv?expires=1&size=1&signature={LONG}"
    response = client.put(url, data=b"x", headers={"Content-Type": "application/octet-stream"})
    assert response.status_code == 403
    text = response.get_data(as_text=True)
    assert len(text) < MESSAGE_LIMIT + 200 and "a" * (QUOTE_LIMIT + 1) not in text
