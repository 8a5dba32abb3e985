"""openapi.yaml itself: coverage of the docs, structure, and every example valid."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import jsonschema
import pytest

from mockserver.apis.circuithub.paths import SPEC_PATH
from mockserver.engine.spec import load_spec

SPEC = load_spec(SPEC_PATH)
DOC = SPEC.document
DOCUMENTED = {
    "GET /health",
    "GET /auth/cli",
    "GET /workspaces",
    "GET /projects",
    "GET /projects/{projectId}",
    "POST /projects/upload-urls",
    "POST /projects",
    "GET /projects/{projectId}/status",
    "GET /projects/{projectId}/revisions",
    "POST /projects/{projectId}/revisions",
    "GET /projects/{projectId}/bom",
    "PUT /bom/{bomLineId}/part",
    "PUT /bom/{bomLineId}/placements/{ref}/dnp",
    "POST /quotes",
    "GET /quotes/{quoteId}/breakdown",
    "GET /orders",
    "GET /orders/{orderId}",
    "GET /parts",
    "GET /issues",
    "POST /orders/{orderId}/issues",
    "GET /issues/{issueId}/upload-url",
    "POST /issues/{issueId}/comments",
    "GET /workspaces/{workspaceSlug}/billing/invoices",
    "GET /workspaces/{workspaceSlug}/billing/invoices/{invoiceId}",
    "GET /workspaces/{workspaceSlug}/billing/invoices/{invoiceId}/pdf",
    "GET /workspaces/{workspaceSlug}/billing/statement",
    "GET /workspaces/{workspaceSlug}/billing/payments",
    "GET /workspaces/{workspaceSlug}/billing/payment-methods",
    "GET /workspaces/{workspaceSlug}/billing/balance",
}
PLANNED_TAGS = {"quotes", "issues", "billing"}
PUBLIC = {"getHealth", "startCliLogin", "putUploadObject", "putAttachmentObject"}


def documented_ops() -> list[Any]:
    return [op for op in SPEC.operations.values() if op.tag != "storage"]


def test_every_documented_endpoint_is_in_the_spec() -> None:
    assert DOC["openapi"].startswith("3.1")
    assert DOC["servers"][0]["url"] == "/v1"
    found = {f"{op.method} {op.path}" for op in documented_ops()}
    assert found == DOCUMENTED
    assert len(found) == 29


def test_operation_ids_are_unique_camel_case_with_one_tag() -> None:
    ids = [op.operation_id for op in SPEC.operations.values()]
    assert len(ids) == len(set(ids))
    declared_tags = {t["name"] for t in DOC["tags"]}
    for path, item in DOC["paths"].items():
        for method, raw in item.items():
            if method == "parameters":
                continue
            assert re.fullmatch(r"[a-z]+(?:[A-Z][a-z0-9]*)*", raw["operationId"]), raw[
                "operationId"
            ]
            assert len(raw["tags"]) == 1 and raw["tags"][0] in declared_tags
            assert raw["summary"] and raw["description"], f"{method} {path}"


def test_security_is_bearer_except_public_operations() -> None:
    assert DOC["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    for op in SPEC.operations.values():
        assert op.secured == (op.operation_id not in PUBLIC), op.operation_id
        if op.secured:
            assert "401" in op.responses, op.operation_id


def test_error_responses_share_one_schema_with_eleven_codes() -> None:
    codes = SPEC.schemas["ErrorCode"]["enum"]
    assert len(codes) == 11 and "RATE_LIMITED" in codes and "CREATION_FAILED" in codes
    error = SPEC.schema("Error")
    for op in documented_ops():
        for status, response in op.responses.items():
            if status.startswith(("4", "5")):
                assert response.content["application/json"] == error, (op.operation_id, status)
        assert "500" in op.responses and "429" in op.responses
        assert op.responses["429"].headers["retry-after"][0] is True


def test_planned_and_provisional_markers() -> None:
    for op in documented_ops():
        planned = op.extensions.get("x-availability") == "planned"
        assert planned == (op.tag in PLANNED_TAGS), op.operation_id
    provisional = {op.operation_id for op in documented_ops() if op.extensions.get("x-provisional")}
    assert provisional == {"getIssueUploadUrl", "createIssueComment"}


def test_creating_operations_link_to_their_readers() -> None:
    def links(op_id: str, status: str) -> set[str]:
        op = next(o for o in SPEC.operations.values() if o.operation_id == op_id)
        raw = DOC["paths"][op.path][op.method.lower()]["responses"][status]["links"]
        return {link["operationId"] for link in raw.values()}

    assert {"getProjectStatus", "getProject", "listRevisions", "getBom"} <= links(
        "createProject", "201"
    )
    assert {"getProjectStatus", "listRevisions", "getBom"} <= links("createRevision", "201")
    assert "listIssues" in links("createIssue", "201")
    assert "getQuoteBreakdown" in links("createQuote", "200")


def test_full_shapes_forbid_additional_properties() -> None:
    for name, schema in SPEC.schemas.items():
        if schema.get("type") == "object" and "properties" in schema:
            assert schema.get("additionalProperties") is False, name


def examples() -> Iterator[Any]:
    """(where, schema, value) for every example in the document."""
    for path, item in DOC["paths"].items():
        for method, raw in item.items():
            if method == "parameters":
                continue
            where = f"{method.upper()} {path}"
            body = SPEC.resolve(raw.get("requestBody", {}))
            for media in body.get("content", {}).values():
                for name, ex in media.get("examples", {}).items():
                    yield f"{where} request {name}", media["schema"], ex["value"]
            for status, response in raw["responses"].items():
                resolved = SPEC.resolve(response)
                for media in resolved.get("content", {}).values():
                    for name, ex in media.get("examples", {}).items():
                        yield f"{where} {status} {name}", media["schema"], ex["value"]
            for param in [*item.get("parameters", []), *raw.get("parameters", [])]:
                p = SPEC.resolve(param)
                if "example" in p:
                    yield f"{where} parameter {p['name']}", p["schema"], p["example"]


ALL_EXAMPLES = list(examples())


def test_the_docs_examples_are_all_present() -> None:
    assert len(ALL_EXAMPLES) >= 60
    names = " ".join(where for where, _, _ in ALL_EXAMPLES)
    for needle in (
        "GET /orders 200",
        "POST /quotes request byRevision",
        "GET /issues 200",
        "POST /orders/{orderId}/issues 201",
        "payment-methods 200",
        "balance 200",
    ):
        assert needle in names


@pytest.mark.parametrize(
    ("where", "schema", "value"), ALL_EXAMPLES, ids=[e[0] for e in ALL_EXAMPLES]
)
def test_example_validates_against_its_schema(where: str, schema: Any, value: Any) -> None:
    validator = jsonschema.Draft202012Validator(
        SPEC.resolve(schema), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    errors = [e.message for e in validator.iter_errors(value)]
    assert not errors, f"{where}: {errors}"
