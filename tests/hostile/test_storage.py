"""Uploaded bytes cannot grow memory without bound: larger objects are spooled to disk, the
total is capped, replaced objects are released, attachment URLs sign their size, and batch
ids never repeat across restarts. (Issue 15: five 20 MB PUTs took 113 MB to 295 MB.)"""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient

from mockserver import host_of
from mockserver.apis.circuithub.rules.storage import Storage
from mockserver.engine.store.blobs import SPOOL_BYTES, SpooledBlobs
from tests.conftest import ALICE, make_app
from tests.flows import path_of, put, upload_targets

UUID = "0f6d6f74-7d92-4d20-bf6c-2e37d2c1d9c8"


def storage_of(app: Flask) -> Storage:
    storage: Storage = host_of(app).sessions.default.worlds["circuithub"].domain.storage  # type: ignore[attr-defined]
    return storage


def attachment_target(client: FlaskClient, size: int | None = None, uuid: str = UUID) -> Any:
    query = {"filename": "layout.zip", "uuid": uuid} | ({"size": size} if size else {})
    response = client.get(f"/v1/issues/7001/upload-url?{urlencode(query)}", headers=ALICE)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def without(url: str, name: str) -> str:
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items() if k != name}
    return f"{parts.path}?{urlencode(query)}"


def test_small_objects_stay_in_memory_and_larger_ones_go_to_disk(app: Flask) -> None:
    client = app.test_client()
    small, large = b"s" * SPOOL_BYTES, b"L" * (SPOOL_BYTES + 1)
    files = {"a.csv": small, "b.csv": large}
    for target in upload_targets(client, files):
        assert put(client, target, files[target["filename"]]).status_code == 200
    blobs = storage_of(app).blobs
    assert isinstance(blobs, SpooledBlobs)
    spool = blobs._directory
    assert spool is not None and [p.read_bytes() for p in spool.iterdir()] == [large]
    keys = {t["objectKey"] for t in upload_targets(client, {"x.csv": b"x"})}
    assert keys and blobs.get(next(iter(keys))) is None  # presigned only: no bytes yet


def test_the_spool_directory_goes_with_its_world(app: Flask) -> None:
    client = app.test_client()
    target = upload_targets(client, {"big.bin": b"B" * (2 * SPOOL_BYTES)})[0]
    assert put(client, target, b"B" * (2 * SPOOL_BYTES)).status_code == 200
    spool = storage_of(app).blobs._directory  # type: ignore[attr-defined]
    assert isinstance(spool, Path) and spool.exists()
    host_of(app).sessions.default.reset()
    gc.collect()
    assert not spool.exists()


def test_past_the_cap_a_put_is_refused_with_quota_exceeded() -> None:
    client = make_app(max_stored_bytes=50_000).test_client()
    first, second = upload_targets(client, {"a.bin": b"a" * 30_000, "b.bin": b"b" * 30_000})
    assert put(client, first, b"a" * 30_000).status_code == 200
    refused = put(client, second, b"b" * 30_000)
    assert refused.status_code == 400
    assert refused.content_type.startswith("application/xml")
    assert b"<Code>QuotaExceeded</Code>" in refused.data and b"50000-byte cap" in refused.data


def test_a_replaced_object_is_released() -> None:
    app = make_app(max_stored_bytes=50_000)
    client = app.test_client()
    baseline = storage_of(app).stored_bytes()
    for round_ in range(5):  # five 30 KB PUTs to one key under a 50 KB cap
        data = bytes([round_]) * 30_000
        target = attachment_target(client, size=len(data))
        assert client.put(path_of(target["uploadUrl"]), data=data).status_code == 200
    assert storage_of(app).stored_bytes() == baseline + 30_000
    assert storage_of(app).read(target["objectKey"]) == bytes([4]) * 30_000


def test_attachment_urls_sign_their_size(client: FlaskClient) -> None:
    target = attachment_target(client, size=3)
    assert "size=3" in target["uploadUrl"]
    longer = client.put(path_of(target["uploadUrl"]), data=b"four")
    assert longer.status_code == 400 and b"<Code>EntityTooLarge</Code>" in longer.data
    unsigned = client.put(without(target["uploadUrl"], "size"), data=b"four")
    assert unsigned.status_code == 403 and b"SignatureDoesNotMatch" in unsigned.data
    assert client.put(path_of(target["uploadUrl"]), data=b"zip").status_code == 200


@pytest.mark.parametrize("size", [0, -1, 104857601, "x"])
def test_attachment_sizes_are_validated(client: FlaskClient, size: object) -> None:
    query = urlencode({"filename": "a.zip", "uuid": UUID, "size": size})
    response = client.get(f"/v1/issues/7001/upload-url?{query}", headers=ALICE)
    assert response.status_code == 400 and "size" in response.get_json()["error"]


def test_the_docs_attachment_flow_without_a_size_still_works(client: FlaskClient) -> None:
    target = attachment_target(client)
    assert "size=" not in target["uploadUrl"]
    assert client.put(path_of(target["uploadUrl"]), data=b"PK\x03\x04").status_code == 200


def test_batch_ids_never_repeat_across_restarts() -> None:
    """The seeded source made `uploads/91b72265b1f5/` the first batch of every run."""
    batches = set()
    for _ in range(3):
        client = make_app(seed=1).test_client()
        key = upload_targets(client, {"a.csv": b"a"})[0]["objectKey"]
        batches.add(key.split("/")[1])
    assert len(batches) == 3 and "91b72265b1f5" not in batches


def test_the_docs_keys_are_still_uploaded(client: FlaskClient) -> None:
    body = {
        "name": "docs-board",
        "workspace": "acme-electronics",
        "files": [
            {"objectKey": "uploads/abc123/my-board.cvg", "filename": "my-board.cvg"},
            {"objectKey": "uploads/abc123/bom.csv", "filename": "bom.csv"},
        ],
    }
    assert client.post("/v1/projects", json=body, headers=ALICE).status_code == 201
