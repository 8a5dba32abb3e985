"""Golden responses cover every documented status of every operation of each API, all valid."""

from __future__ import annotations

import argparse
import json
import logging
from pathlib import Path
from typing import Any

import pytest
from werkzeug.datastructures import Headers

from mockserver.catalog import load_api
from mockserver.engine.checking import ResponseChecker
from mockserver.engine.spec import Spec, load_spec
from mockserver.fixtures.cli import add_subparser
from mockserver.fixtures.golden import UNKNOWN_NUMBER, UNKNOWN_TEXTS, Recipes, generate

Golden = tuple[str, Spec, Path, list[dict[str, Any]]]
# A file each API must have written: ones only its own hints (or a binary media type) make.
EXPECTED = {
    "circuithub": ("listOrders.200.json", "getInvoicePdf.200.pdf", "putUploadObject.403.xml"),
    "dataquality": ("listIssues.200.json", "updateIssue.409.json", "createIssue.404.json"),
}


@pytest.fixture(scope="module", params=sorted(EXPECTED))
def golden(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Golden:
    api = load_api(request.param)
    out = tmp_path_factory.mktemp(f"golden-{api.name}")
    logging.getLogger("circuithub_mock").disabled = True  # the 500s' tracebacks
    try:
        return api.name, load_spec(api.spec_path), out, generate(api, out)
    finally:
        logging.getLogger("circuithub_mock").disabled = False


def test_every_documented_status_has_a_golden(golden: Golden) -> None:
    _, spec, _, index = golden
    made = [(e["operationId"], str(e["status"])) for e in index]
    wanted = {(op.operation_id, s) for op in spec.operations.values() for s in op.responses}
    assert sorted(made) == sorted(wanted)


def test_every_golden_is_valid_under_the_spec(golden: Golden) -> None:
    _, spec, out, index = golden
    for entry in index:
        op = spec.operations[str(entry["operationId"])]
        name = entry["file"]
        data = (out / str(name)).read_bytes() if name else b""
        body: object = json.loads(data) if str(name).endswith(".json") else data.decode("latin-1")
        if str(name).endswith(".pdf"):
            assert data.startswith(b"%PDF")
            body = "binary"
        headers = Headers(dict(entry["headers"]))
        ctype = str(entry["contentType"] or "")
        problem = ResponseChecker(op).violation(
            int(str(entry["status"])), ctype, body if name else None, headers
        )
        assert problem is None, problem
    assert (out / "index.json").exists()


def test_each_api_gets_its_own_cases(golden: Golden) -> None:
    api, _, out, index = golden
    for name in EXPECTED[api]:
        assert (out / name).exists(), name
    assert json.loads((out / "index.json").read_text(encoding="utf-8")) == index


def test_not_found_goldens_come_from_an_unknown_value(golden: Golden) -> None:
    """Each 404 was provoked by one value no dataset holds (none of the API's own ids)."""
    _, _, _, index = golden
    unknowns = (*UNKNOWN_TEXTS, str(UNKNOWN_NUMBER))
    for entry in [e for e in index if e["status"] == 404]:
        sent = json.dumps(entry["request"])
        assert any(value in sent for value in unknowns), sent


def test_recipes_derive_requests_from_the_spec() -> None:
    """The generic recipes alone: examples for success, unknown and malformed ids."""
    api = load_api("dataquality")
    assert api.fixtures is not None and api.fixtures.golden is not None
    op = load_spec(api.spec_path).operations["getIssue"]
    recipes = Recipes(op, api.mount, api.fixtures.golden, 1024)
    (success,) = recipes.candidates("200")
    assert success.path == "/dq/issues/bc5f2136-9fbf-5321-bfbb-489916d579c2"
    assert success.headers == {"Authorization": "Bearer dq_test_jane"}
    (unknown,) = recipes.candidates("404")
    assert unknown.path == "/dq/issues/00000000-0000-4000-8000-000000000000"
    (malformed,) = recipes.candidates("400")
    assert malformed.path == "/dq/issues/not-a-valid-value!"
    (foreign,) = recipes.candidates("403")
    assert foreign.headers == {"Authorization": "Bearer dq_test_eve"}


def test_the_cli_writes_them(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    parser = argparse.ArgumentParser(prog="circuithub-mock")
    add_subparser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["fixtures", "responses", "--api", "dataquality", "-o", str(tmp_path)])
    try:
        assert args.func(args) == 0
    finally:
        logging.getLogger("circuithub_mock").disabled = False
    index = json.loads((tmp_path / "index.json").read_text(encoding="utf-8"))
    assert f"for {len(index)} operation/status pairs" in capsys.readouterr().out
    assert {entry["operationId"] for entry in index} == set(
        load_spec(load_api("dataquality").spec_path).operations
    )
