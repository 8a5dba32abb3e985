"""Rules every operation shares: no token is 401, an oversized JSON body is 413."""

from __future__ import annotations

import re
from typing import Any

import pytest

from mockserver.contract import expect
from mockserver.contract.coverage import spec
from mockserver.contract.discovery import Api
from mockserver.engine.spec import Operation

MAX_BODY = 1024 * 1024
PLACEHOLDERS = {"integer": "1", "string": "C1"}


def secured() -> list[Operation]:
    return [op for op in spec().operations.values() if op.secured and op.tag != "storage"]


def marked(ops: list[Operation]) -> list[Any]:
    """One param per operation; unsafe methods only run where the profile allows writes."""
    return [
        pytest.param(
            op, id=op.operation_id, marks=[] if op.method == "GET" else [pytest.mark.writes]
        )
        for op in ops
    ]


def request_path(op: Operation, slug: str) -> tuple[str, dict[str, str]]:
    """A path and required query for `op`; ids need not exist, the token is checked first."""

    def fill(match: re.Match[str]) -> str:
        param = next(p for p in op.parameters if p.name == match.group(1))
        return (
            slug
            if "slug" in param.name.lower()
            else PLACEHOLDERS.get(param.schema.get("type", "string"), "x")
        )

    path = re.sub(r"\{(\w+)\}", fill, op.path)
    query = {
        p.name: slug if p.name == "workspace" else PLACEHOLDERS.get(p.schema.get("type", ""), "x")
        for p in op.parameters
        if p.location == "query" and p.required
    }
    return path, query


@pytest.mark.parametrize("op", marked(secured()))
def test_missing_token_is_401(api: Api, op: Operation) -> None:
    path, query = request_path(op, api.slug)
    body: dict[str, Any] | None = {} if op.body_content else None
    reply = api.anonymous.request(op.method, path, query=query, json_body=body)
    expect.error(reply, 401, "UNAUTHORIZED")


@pytest.mark.parametrize("op", marked([op for op in secured() if op.body_content]))
def test_oversized_json_body_is_413(api: Api, op: Operation) -> None:
    path, query = request_path(op, api.slug)
    padding = "x" * (MAX_BODY + 1)
    reply = api.first.request(op.method, path, query=query, json_body={"padding": padding})
    expect.error(reply, 413, "VALIDATION_ERROR")
