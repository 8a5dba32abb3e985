"""Presigned uploads: the targets, the signed PUT, and every way a PUT is refused."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from flask.testing import FlaskClient

from mockserver import host_of
from tests.conftest import ALICE, make_app
from tests.flows import path_of, put, upload_targets

DATA = b"design bytes" * 10


def target(
    client: FlaskClient, name: str = "board.kicad_pcb", data: bytes = DATA
) -> dict[str, Any]:
    return upload_targets(client, {name: data})[0]


def with_query(url: str, **changes: Any) -> str:
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    query.update({k: str(v) for k, v in changes.items()})
    query = {k: v for k, v in query.items() if v != "None"}
    return f"{parts.path}?{urlencode(query)}"


def s3_error(response: Any) -> str:
    assert response.content_type.startswith("application/xml")
    text: str = response.get_data(as_text=True)
    assert "<Error><Code>" in text
    return text


def test_targets_are_absolute_on_the_callers_host(client: FlaskClient) -> None:
    body = {"workspace": "acme-electronics", "files": [{"filename": "a.cvg", "size": 3}]}
    response = client.post(
        "/v1/projects/upload-urls", json=body, headers=ALICE, base_url="http://127.0.0.1:9123"
    )
    upload = response.get_json()["uploads"][0]
    assert upload["uploadUrl"].startswith("http://127.0.0.1:9123/v1/storage/uploads/")
    assert upload["validTill"] == "2025-03-15T11:00:00Z"
    assert upload["headers"] == [
        ["Content-Type", "application/octet-stream"],
        ["x-amz-acl", "bucket-owner-full-control"],
    ]


def test_a_signed_put_is_stored_with_an_etag(client: FlaskClient) -> None:
    t = target(client)
    response = put(client, t, DATA)
    assert response.status_code == 200
    assert response.headers["ETag"] == '"' + __import__("hashlib").md5(DATA).hexdigest() + '"'


@pytest.mark.parametrize(
    ("change", "status", "code"),
    [
        ({"signature": "0" * 64}, 403, "SignatureDoesNotMatch"),
        ({"size": len(DATA) + 1}, 403, "SignatureDoesNotMatch"),
        ({"expires": 1}, 403, "SignatureDoesNotMatch"),
        ({"signature": None}, 403, "AccessDenied"),
    ],
)
def test_tampered_urls_are_refused(
    client: FlaskClient, change: dict[str, Any], status: int, code: str
) -> None:
    t = target(client)
    headers = dict(t["headers"])
    response = client.put(with_query(t["uploadUrl"], **change), data=DATA, headers=headers)
    assert response.status_code == status
    assert f"<Code>{code}</Code>" in s3_error(response)


def test_a_tampered_key_is_refused(client: FlaskClient) -> None:
    t = target(client)
    url = path_of(t["uploadUrl"]).replace("board.kicad_pcb", "other.kicad_pcb")
    response = client.put(url, data=DATA, headers=dict(t["headers"]))
    assert response.status_code == 403 and "SignatureDoesNotMatch" in s3_error(response)


@pytest.mark.parametrize("drop", ["Content-Type", "x-amz-acl"])
def test_missing_signed_headers_are_refused(client: FlaskClient, drop: str) -> None:
    t = target(client)
    headers = {k: v for k, v in t["headers"] if k != drop}
    response = client.put(path_of(t["uploadUrl"]), data=DATA, headers=headers)
    assert response.status_code == 403 and "AccessDenied" in s3_error(response)


def test_an_expired_url_is_refused() -> None:
    app = make_app()
    client = app.test_client()
    t = target(client)
    host_of(app).world.runtime.clock.advance(3601)
    response = put(client, t, DATA)
    assert response.status_code == 403 and "expired" in s3_error(response)


@pytest.mark.parametrize("data", [DATA[:-1], DATA + b"!", b""])
def test_a_body_of_another_size_is_400(client: FlaskClient, data: bytes) -> None:
    response = put(client, target(client), data)
    assert response.status_code == 400
    s3_error(response)


@pytest.mark.parametrize(
    ("size", "status", "code"),
    [
        (0, 400, "INVALID_UPLOAD_SIZE"),
        (-5, 400, "INVALID_UPLOAD_SIZE"),
        (100 * 1024 * 1024 + 1, 413, "FILE_TOO_LARGE"),
        (100 * 1024 * 1024, 200, None),
    ],
)
def test_declared_sizes(client: FlaskClient, size: int, status: int, code: str | None) -> None:
    body = {"workspace": "acme-electronics", "files": [{"filename": "a.cvg", "size": size}]}
    response = client.post("/v1/projects/upload-urls", json=body, headers=ALICE)
    assert response.status_code == status
    if code:
        assert (
            response.get_json()["code"] == code and "files[0].size" in response.get_json()["error"]
        )


@pytest.mark.parametrize(
    "filename",
    [
        "../etc/passwd",
        "a/b.csv",
        "a\\b.csv",
        "..",
        "bom..csv",
        "bad\x00.csv",
        "tab\t.csv",
        "nl\n.csv",
        "",
    ],
)
def test_unsafe_filenames_are_validation_errors(client: FlaskClient, filename: str) -> None:
    body = {"workspace": "acme-electronics", "files": [{"filename": filename, "size": 3}]}
    response = client.post("/v1/projects/upload-urls", json=body, headers=ALICE)
    assert response.status_code == 400
    assert response.get_json()["code"] == "VALIDATION_ERROR"


@pytest.mark.parametrize("name", ["my board.cvg", "a#b.cvg", "a?b=c.cvg", "100%.cvg", "Ìñ.cvg"])
def test_upload_urls_encode_any_filename(client: FlaskClient, name: str) -> None:
    t = target(client, name)
    assert " " not in t["uploadUrl"] and "#" not in t["uploadUrl"]
    assert t["objectKey"].endswith("/" + name)
    assert put(client, t, DATA).status_code == 200


def test_storage_dir_keeps_bytes_on_disk(tmp_path: Any) -> None:
    app = make_app(storage_dir=tmp_path)
    client = app.test_client()
    assert put(client, target(client), DATA).status_code == 200
    assert any(p.read_bytes() == DATA for p in tmp_path.iterdir())


def test_attachment_put_needs_no_headers_but_a_valid_signature(client: FlaskClient) -> None:
    query = "filename=a.zip&uuid=0f6d6f74-7d92-4d20-bf6c-2e37d2c1d9c9"
    t = client.get(f"/v1/issues/7001/upload-url?{query}", headers=ALICE).get_json()
    assert client.put(path_of(t["uploadUrl"]), data=b"zip").status_code == 200
    bad = client.put(with_query(t["uploadUrl"], signature="f" * 64), data=b"zip")
    assert bad.status_code == 403 and "SignatureDoesNotMatch" in s3_error(bad)
