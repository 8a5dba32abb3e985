"""Nesting beyond MAX_DEPTH is a 400 and an oversized body a 413, before any schema is
consulted; no depth reaches a recursion limit. (Issue 15: 256 levels, about 0.5 KB, gave
500 `ValueError`; 1,000 levels gave 500 `RecursionError`.)"""

from __future__ import annotations

import io

import pytest
from flask.testing import FlaskClient

from mockserver.engine.screening import MAX_DEPTH, Refused, parse_json
from tests.conftest import BOB, make_app
from tests.hostile.requests import nested

URL = "/v1/orders/8001/issues"
HEADERS = {**BOB, "Content-Type": "application/json"}
TOO_DEEP = f"deeper than {MAX_DEPTH} levels"


@pytest.fixture(scope="module", params=["fast", "openapi-core"])
def mode_client(request: pytest.FixtureRequest) -> FlaskClient:
    client: FlaskClient = make_app(validator=request.param).test_client()
    return client


@pytest.mark.parametrize("kind", ["array", "object"])
@pytest.mark.parametrize("depth", [256, 1_000, 100_000])
def test_deep_nesting_is_a_400_at_any_depth(
    mode_client: FlaskClient, kind: str, depth: int
) -> None:
    bare = nested(depth, "x", kind)
    inside = '{"title":"t","comment":' + nested(depth, "x", kind) + "}"
    for body in (bare, inside):
        response = mode_client.post(URL, data=body.encode(), headers=HEADERS)
        assert response.status_code == 400, response.get_data(as_text=True)[:300]
        assert TOO_DEEP in response.get_json()["error"]


def test_the_documented_depth_is_allowed_and_one_more_is_not(mode_client: FlaskClient) -> None:
    # The body object is level 1, so `extra` may hold MAX_DEPTH - 1 levels.
    allowed = '{"title":"t","extra":' + nested(MAX_DEPTH - 1) + "}"
    response = mode_client.post(URL, data=allowed.encode(), headers=HEADERS)
    assert response.status_code == 400 and TOO_DEEP not in response.get_json()["error"]
    deeper = '{"title":"t","extra":' + nested(MAX_DEPTH) + "}"
    response = mode_client.post(URL, data=deeper.encode(), headers=HEADERS)
    assert response.status_code == 400 and TOO_DEEP in response.get_json()["error"]


def test_many_brackets_inside_strings_are_only_text(client: FlaskClient) -> None:
    body = {"title": "[" * 50 + "{" * 50}
    assert client.post(URL, json=body, headers=BOB).status_code == 201


def test_a_body_over_the_limit_is_a_413_before_it_is_read(mode_client: FlaskClient) -> None:
    limit = 1024 * 1024
    body = b'{"title":"' + b"a" * limit + b'"}'
    response = mode_client.post(URL, data=body, headers=HEADERS)
    assert response.status_code == 413
    assert f"limit is {limit} bytes" in response.get_json()["error"]

    class Unread(io.BytesIO):
        def read(self, *args: object) -> bytes:
            raise AssertionError("the body was read although its length was declared too large")

    # Declared far past every limit: no layer may read it before refusing it.
    declared = {"CONTENT_LENGTH": str(50 * limit)}
    response = mode_client.post(
        URL, input_stream=Unread(), headers=HEADERS, environ_overrides=declared
    )
    assert response.status_code == 413


@pytest.mark.parametrize(
    ("text", "too_deep"),
    [
        ("[" * MAX_DEPTH + "]" * MAX_DEPTH, False),
        ("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1), True),
        ('{"a":' * MAX_DEPTH + "1" + "}" * MAX_DEPTH, False),
        ('[{"a":' * (MAX_DEPTH // 2) + "1" + "}]" * (MAX_DEPTH // 2), False),
        ('[{"a":' * (MAX_DEPTH // 2) + "[1]" + "}]" * (MAX_DEPTH // 2), True),
        ('[{"a":[' + "{}," * 40 + "{}]}]", False),
        ('["\\"[[[[", {"k\\\\": "]]]]{{{{"}]' + " " * 10, False),
        ('[{"x": "\\\\"}, ' + "[" * MAX_DEPTH + "]" * MAX_DEPTH + "]", True),
    ],
)
def test_depth_counts_brackets_outside_strings_only(text: str, too_deep: bool) -> None:
    try:
        parse_json(text.encode())
        refused = False
    except Refused as error:
        refused = TOO_DEEP in error.message
    assert refused == too_deep
