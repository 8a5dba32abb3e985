"""Golden responses cover every documented status of every operation, all valid."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from werkzeug.datastructures import Headers

from mockserver.apis.circuithub.api import golden as generate
from mockserver.apis.circuithub.paths import SPEC_PATH
from mockserver.engine.checking import ResponseChecker
from mockserver.engine.spec import load_spec

SPEC = load_spec(SPEC_PATH)


@pytest.fixture(scope="module")
def golden(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, object]]]:
    out = tmp_path_factory.mktemp("golden")
    logging.getLogger("circuithub_mock").disabled = True
    try:
        return out, generate(out)
    finally:
        logging.getLogger("circuithub_mock").disabled = False


def test_every_documented_status_has_a_golden(golden: tuple[Path, list[dict[str, object]]]) -> None:
    _, index = golden
    made = {(e["operationId"], str(e["status"])) for e in index}
    wanted = {(op.operation_id, s) for op in SPEC.operations.values() for s in op.responses}
    assert made == wanted


def test_every_golden_is_valid_under_the_spec(golden: tuple[Path, list[dict[str, object]]]) -> None:
    out, index = golden
    for entry in index:
        op = SPEC.operations[str(entry["operationId"])]
        name = entry["file"]
        data = (out / str(name)).read_bytes() if name else b""
        body: object = json.loads(data) if str(name).endswith(".json") else data.decode("latin-1")
        if str(name).endswith(".pdf"):
            assert data.startswith(b"%PDF")
            body = "binary"
        headers = Headers(dict(entry["headers"]))  # type: ignore[call-overload]
        ctype = str(entry["contentType"] or "")
        problem = ResponseChecker(op).violation(
            int(str(entry["status"])), ctype, body if name else None, headers
        )
        assert problem is None, problem
    assert (out / "index.json").exists()
    assert (out / "listOrders.200.json").exists() and (out / "getInvoicePdf.200.pdf").exists()
