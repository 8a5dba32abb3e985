"""HTTP-only helpers for the write flows: presigned uploads and project imports."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask.testing import FlaskClient

from tests.conftest import ALICE


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def upload_targets(
    client: FlaskClient,
    files: dict[str, bytes],
    headers: dict[str, str] = ALICE,
    workspace: str = "acme-electronics",
) -> list[dict[str, Any]]:
    body = {
        "workspace": workspace,
        "files": [{"filename": name, "size": len(data)} for name, data in files.items()],
    }
    response = client.post("/v1/projects/upload-urls", json=body, headers=headers)
    assert response.status_code == 200, response.get_json()
    uploads: list[dict[str, Any]] = response.get_json()["uploads"]
    return uploads


def put(client: FlaskClient, target: dict[str, Any], data: bytes) -> Any:
    headers = {name: value for name, value in target["headers"]}
    return client.put(path_of(target["uploadUrl"]), data=data, headers=headers)


def upload(
    client: FlaskClient,
    files: dict[str, bytes],
    headers: dict[str, str] = ALICE,
    workspace: str = "acme-electronics",
) -> list[dict[str, str]]:
    """Upload every file; return the `files` array for project or revision creation."""
    refs = []
    for target in upload_targets(client, files, headers, workspace):
        response = put(client, target, files[target["filename"]])
        assert response.status_code == 200, response.data
        refs.append({"objectKey": target["objectKey"], "filename": target["filename"]})
    return refs


def create_project(
    client: FlaskClient,
    files: dict[str, bytes],
    name: str = "widget",
    headers: dict[str, str] = ALICE,
) -> dict[str, Any]:
    body = {"name": name, "workspace": "acme-electronics", "files": upload(client, files, headers)}
    response = client.post("/v1/projects", json=body, headers=headers)
    assert response.status_code == 201, response.get_json()
    created: dict[str, Any] = response.get_json()
    return created


def finish_import(client: FlaskClient, project_id: int) -> dict[str, Any]:
    """Poll the status until the import ends, as a client would."""
    for _ in range(10):
        status: dict[str, Any] = client.get(
            f"/v1/projects/{project_id}/status", headers=ALICE
        ).get_json()
        if status["status"] != "importing":
            return status
    raise AssertionError("import never finished")


BOARD = b"(kicad_pcb (version 20221018))\n"
BOM = (
    b"Reference Designators,MPN,Manufacturer,Value,Footprint,Description\r\n"
    b'"C1,C2,C3,C4",GCM155R71C104KA55D,Murata,100nF,C_0402,Ceramic capacitor\r\n'
    b"U1,LM358DR,Texas Instruments,LM358,SOIC-8,Dual op-amp\r\n"
    b"U2,NOPE-12345X,,,QFN-24,\r\n"
    b"U3,BAD_PART,,,QFN-24,\r\n"
)
