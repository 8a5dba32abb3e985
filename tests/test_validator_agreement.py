"""The fast path and openapi-core, the validator of record, reach the same verdicts.

Schemathesis generates valid and invalid requests for every operation; each is judged by
both validators inside one request context.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from flask import Flask, request
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode

from mockserver import host_of
from mockserver.apis.circuithub.paths import SPEC_PATH
from mockserver.engine.errors import ApiError
from mockserver.engine.pipeline import Endpoint
from mockserver.engine.validation import is_hard_error
from tests.conftest import ALICE, make_app

SCHEMA = schemathesis.openapi.from_path(str(SPEC_PATH))
OPERATIONS = [
    op
    for op in (result.ok() for result in SCHEMA.get_all_operations())  # type: ignore[union-attr]
    if "storage" not in (op.tags or [])
]
# Every operation with valid data; those that take input with invalid data too.
CASES = [(op.path, op.method, GenerationMode.POSITIVE) for op in OPERATIONS] + [
    (op.path, op.method, GenerationMode.NEGATIVE)
    for op in OPERATIONS
    if op.body or any(True for _ in op.iter_parameters())
]
APP: Flask = make_app()
# Rule endpoint name (`circuithub.getOrder`) -> the operation's view.
ENDPOINTS = {n: v for n, v in APP.view_functions.items() if isinstance(v, Endpoint)}


def werkzeug_kwargs(case: Any) -> dict[str, Any]:
    kwargs = case.as_transport_kwargs(base_url="http://localhost/v1", headers=ALICE)
    out: dict[str, Any] = {
        "method": kwargs["method"],
        "path": kwargs["url"].removeprefix("http://localhost"),
        "headers": {**kwargs.get("headers", {}), **ALICE},
        "query_string": kwargs.get("params"),
    }
    if "json" in kwargs:
        out["json"] = kwargs["json"]
    elif kwargs.get("data") is not None:
        out["data"] = kwargs["data"]
    return out


def verdicts(kwargs: dict[str, Any]) -> tuple[bool, bool] | None:
    """(fast accepts, openapi-core accepts); None where only one side judges."""
    with APP.test_request_context(**kwargs):
        adapter = APP.url_map.bind_to_environ(request.environ)
        try:
            endpoint_name, path = adapter.match()
        except Exception:  # an undecodable or unroutable path never reaches validation
            return None
        endpoint = ENDPOINTS[endpoint_name]
        try:
            endpoint.validator.validate(
                dict(path), request.args, request.content_type, request.get_data(cache=True)
            )
            fast = True
        except ApiError as error:
            if is_hard_error(error):
                return None
            fast = False
        message, _ = host_of(APP).mounts["circuithub"].judge.judge(request)
        return fast, message is None


@pytest.mark.parametrize(
    ("path", "method", "mode"), CASES, ids=[f"{m} {p} {g}" for p, m, g in CASES]
)
def test_fast_path_agrees_with_openapi_core(path: str, method: str, mode: GenerationMode) -> None:
    strategy = SCHEMA[path][method].as_strategy(generation_mode=mode)
    judged: list[bool] = []

    @settings(
        max_examples=25, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    @given(st.data())
    def check(data: st.DataObject) -> None:
        case = data.draw(strategy)
        found = verdicts(werkzeug_kwargs(case))
        if found is not None:
            fast, record = found
            assert fast == record, f"fast={fast} openapi-core={record} for {case.as_curl_command()}"
            judged.append(record)

    check()
    assert judged, "no generated request reached both validators"
    if mode == GenerationMode.POSITIVE:
        assert any(judged), "openapi-core rejected every valid request"
