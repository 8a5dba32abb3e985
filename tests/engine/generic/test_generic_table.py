"""The startup table names every operation and what it will do."""

from __future__ import annotations

from pathlib import Path

from mockserver.engine.generic.infer import infer
from mockserver.engine.generic.schemas import load_document
from mockserver.engine.generic.table import render, rows
from tests.engine.generic.shop import LEGACY, SHOP

SPECS = Path(__file__).parent / "specs"


def test_one_row_per_operation_in_spec_order() -> None:
    inference = infer(SHOP)
    table = rows(inference)
    assert [(method, path) for method, path, *_ in table] == [
        (plan.method.upper(), plan.path) for plan in inference.plans
    ]
    assert len(table) == sum(
        method in ("get", "put", "post", "patch", "delete")
        for item in SHOP["paths"].values()
        for method in item
    )


def test_rows_say_behaviour_and_detail() -> None:
    table = {(m, p): (op, b, d) for m, p, op, b, d in rows(infer(SHOP))}
    operation, behaviour, detail = table[("GET", "/products")]
    assert (operation, behaviour) == ("listProducts", "list")
    assert "wrapper.items (total=total, page=page, size=size)" in detail
    assert "filters category, status" in detail and "paging page (page, size)" in detail
    assert table[("POST", "/products")][1:] == ("create", "on /products; -> 201 application/json")
    assert table[("GET", "/health")][1] == "static-example"
    assert table[("GET", "/report")][:2] == ("GET /report", "generated")


def test_render_lists_resources_then_aligned_rows() -> None:
    text = render(infer(load_document(SPECS / "museum.yaml")), "museum.yaml")
    lines = text.splitlines()
    assert lines[:2] == ["museum.yaml", "Zero-code mode: 8 operations, 3 resources"]
    assert "  resource /special-events: id eventId (uuid)" in lines
    assert "  resource /museum-hours: no ids (read-only list)" in lines
    header = next(line for line in lines if line.startswith("METHOD"))
    rows_start = lines.index(header)
    detail_column = header.index("DETAIL")
    assert all(len(line) > detail_column for line in lines[rows_start + 1 :])
    assert any("getTicketCode" in line and "generated" in line for line in lines)


def test_notes_explain_what_was_not_understood() -> None:
    text = render(infer(LEGACY))
    assert "the spec documents no success status" in text
    assert "success status from `default`" in text
