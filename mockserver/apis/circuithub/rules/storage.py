"""The object storage presigned URLs point at: signing, uploads, and the bytes."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import threading
from datetime import timedelta
from typing import Any
from urllib.parse import quote, urlencode

from mockserver.apis.circuithub.errors import S3Error
from mockserver.engine.api import Runtime
from mockserver.engine.clock import iso
from mockserver.engine.store.base import Blobs, Record, Store

PROJECT_PREFIX = "uploads/"
ATTACHMENT_PREFIX = "orders/issues/comments/attachments/"
SIGNED_HEADERS = (
    ("Content-Type", "application/octet-stream"),
    ("x-amz-acl", "bucket-owner-full-control"),
)
VALIDITY = timedelta(hours=1)
# Where a dataset gives an upload's bytes (text, or binary as base64).
CONTENT = ("content", "contentBase64")


class Storage:
    """Issues signed targets and accepts the PUTs that use them."""

    def __init__(self, uploads: Store, runtime: Runtime, blobs: Blobs) -> None:
        self.table = uploads
        self.clock = runtime.clock
        config = runtime.config
        self.max_upload = config.max_upload_bytes
        # Without a configured secret each world signs with its own random key, so no URL
        # survives a restart or a reset (whose table would not know it anyway).
        given = config.secret
        self.secret = (
            hashlib.sha256(f"storage:{given}".encode()).digest()
            if given
            else secrets.token_bytes(32)
        )
        self.cap = config.max_stored_bytes
        # The world's blobs: the state backend's (the memory one spools larger objects to disk).
        self.blobs = blobs
        self._lock = threading.Lock()
        for record in self.table.all():
            data = _content_of(record)
            if data is not None:
                self.blobs.put(record["objectKey"], data)
                # Through the store (which may hand out copies): the bytes move to the blobs.
                moved = {"size": len(data), "uploaded": True, "etag": _etag(data)}
                self.table.update(record["objectKey"], {**moved, **dict.fromkeys(CONTENT)})

    def dump(self, record: Record) -> Record:
        """An upload record as the dataset holds it: with its bytes, as text or base64."""
        out = {name: value for name, value in record.items() if name not in CONTENT}
        data = self.blobs.get(record["objectKey"]) if record.get("uploaded") else None
        if data is not None:
            try:
                out["content"] = data.decode("utf-8")
            except UnicodeDecodeError:
                out["contentBase64"] = base64.b64encode(data).decode("ascii")
        return out

    def sign(self, key: str, expires: int, size: int | None, headers: tuple[Any, ...]) -> str:
        lines = ["PUT", key, str(expires), "" if size is None else str(size)]
        lines += [f"{name.lower()}:{value}" for name, value in headers]
        message = "\n".join(lines).encode()
        return hmac.new(self.secret, message, hashlib.sha256).hexdigest()

    def new_target(
        self, key: str, owner: Record, root: str, size: int | None, signed: tuple[Any, ...]
    ) -> tuple[str, str]:
        """Record a pending upload; return its presigned URL and expiry timestamp."""
        valid_till = self.clock.now() + VALIDITY
        expires = int(valid_till.timestamp())
        query: dict[str, Any] = {"expires": expires}
        if size is not None:
            query["size"] = size
        query["signature"] = self.sign(key, expires, size, signed)
        existing = self.table.get(key)
        if existing is None:
            self.table.insert(
                {**owner, "objectKey": key, "size": size, "uploaded": False, "etag": None}
            )
        # Presigning again does not remove bytes already stored, as on S3.
        # The key is percent-encoded: a filename may hold spaces, `#`, `?` or any Unicode.
        path = quote(key, safe="/")
        return f"{root}/storage/{path}?{urlencode(query)}", iso(valid_till)

    def random_id(self) -> str:
        """A batch id: not from the seeded source, so no restart hands out the same one."""
        return secrets.token_hex(8)

    def put(self, key: str, query: dict[str, Any], headers: Any, data: bytes) -> str:
        """Store the bytes of a signed PUT; returns the ETag or raises an S3Error."""
        record = self.table.get(key)
        signed = SIGNED_HEADERS if key.startswith(PROJECT_PREFIX) else ()
        size = query.get("size")
        expected = self.sign(key, query["expires"], size, signed)
        if record is None or not hmac.compare_digest(expected, query["signature"]):
            raise S3Error(403, "SignatureDoesNotMatch", "The request signature does not match.")
        for name, value in signed:
            if headers.get(name) != value:
                raise S3Error(403, "AccessDenied", f"Signed header {name}: {value} is missing.")
        if query["expires"] < self.clock.now().timestamp():
            raise S3Error(403, "AccessDenied", "Request has expired.")
        if size is not None and len(data) != size:
            code = "IncompleteBody" if len(data) < size else "EntityTooLarge"
            raise S3Error(400, code, f"Body is {len(data)} bytes; the URL was signed for {size}.")
        limit = self.max_upload
        if len(data) > limit:
            raise S3Error(400, "EntityTooLarge", f"Body is over the {limit}-byte maximum.")
        etag = _etag(data)
        with self._lock:
            self._check_room(key, len(data))
            self.blobs.put(key, data)  # replaces, and so releases, the key's old bytes
            self.table.update(key, {"uploaded": True, "etag": etag, "size": len(data)})
        return etag

    def stored_bytes(self) -> int:
        """The total the cap applies to: every uploaded object's size, from the records."""
        return sum(r["size"] or 0 for r in self.table.all() if r.get("uploaded"))

    def _check_room(self, key: str, size: int) -> None:
        record = self.table.get(key)
        replaced = (record["size"] or 0) if record and record.get("uploaded") else 0
        held = self.stored_bytes() - replaced
        if held + size > self.cap:
            raise S3Error(
                400,
                "QuotaExceeded",
                f"Storage holds {held} bytes of its {self.cap}-byte cap; "
                f"{size} more bytes do not fit.",
            )

    def read(self, key: str) -> bytes | None:
        return self.blobs.get(key)


def _content_of(record: Record) -> bytes | None:
    """Bytes a dataset gives an upload: `content` (text) or `contentBase64` (binary)."""
    text = record.get("content")
    encoded = record.get("contentBase64")
    if text is not None:
        return str(text).encode("utf-8")
    return base64.b64decode(encoded) if encoded is not None else None


def _etag(data: bytes) -> str:
    return '"' + hashlib.md5(data, usedforsecurity=False).hexdigest() + '"'
