"""openapi.yaml as tools outside the mock read it, and its `x-errors` convention."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask.testing import FlaskClient
from openapi_core import OpenAPI
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse
from werkzeug.test import EnvironBuilder

from mockserver.apis.circuithub.paths import SPEC_PATH
from mockserver.engine.spec import load_spec
from tests.conftest import ALICE
from tests.flows import path_of, upload_targets

SPEC = load_spec(SPEC_PATH)
OPENAPI = OpenAPI.from_file_path(str(SPEC_PATH))
INVOICES = "/v1/workspaces/acme-electronics/billing"


def x_errors(node: Any) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """(schema, its `x-errors`) for every schema in the document that has one."""
    if isinstance(node, dict):
        if "x-errors" in node:
            yield node, node["x-errors"]
        for value in node.values():
            yield from x_errors(value)
    elif isinstance(node, list):
        for item in node:
            yield from x_errors(item)


def test_x_errors_map_keywords_of_their_schema_to_the_docs_codes() -> None:
    codes = set(SPEC.schemas["ErrorCode"]["enum"])
    found = list(x_errors(SPEC.document))
    assert len(found) >= 2
    for schema, rules in found:
        for keyword, rule in rules.items():
            assert keyword in schema, (keyword, schema)
            assert rule["code"] in codes and int(rule.get("status", 400)) in (400, 413), rule


def pdf(client: FlaskClient) -> dict[str, Any]:
    return {"method": "GET", "path": f"{INVOICES}/invoices/50124/pdf", "headers": ALICE}


def statement(client: FlaskClient) -> dict[str, Any]:
    query = "startDate=2025-02-01&endDate=2025-03-31"
    return {"method": "GET", "path": f"{INVOICES}/statement?{query}", "headers": ALICE}


def upload(client: FlaskClient, data: bytes, signed: bool) -> dict[str, Any]:
    target = upload_targets(client, {"bom.csv": b"ref,value\n"})[0]
    headers = dict(target["headers"]) if signed else {}
    return {"method": "PUT", "path": path_of(target["uploadUrl"]), "headers": headers, "data": data}


@pytest.mark.parametrize(
    ("request_of", "status"),
    [
        (pdf, 200),
        (statement, 200),
        (lambda client: upload(client, b"ref,value\n", signed=False), 403),
        (lambda client: upload(client, b"ref", signed=True), 400),
        (lambda client: upload(client, b"ref,value\n", signed=True), 200),
    ],
    ids=["invoice-pdf", "statement-pdf", "s3-403", "s3-400", "signed-put"],
)
def test_openapi_core_reads_binary_and_xml_answers(
    client: FlaskClient, request_of: Any, status: int
) -> None:
    """PDFs (no schema: raw bytes) and S3's XML errors (typeless: an element tree) validate,
    and so does the signed PUT itself (octet-stream bytes, the x-amz-acl header)."""
    sent = request_of(client)
    response = client.open(**sent)
    assert response.status_code == status
    request = WerkzeugOpenAPIRequest(EnvironBuilder(**sent).get_request())
    result = OPENAPI.unmarshal_response(request, WerkzeugOpenAPIResponse(response))
    assert result.errors == []
    if status == 200 and sent["method"] == "PUT":
        request = WerkzeugOpenAPIRequest(EnvironBuilder(**sent).get_request())
        assert OPENAPI.unmarshal_request(request).errors == []
