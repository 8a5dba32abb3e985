"""Assertions on replies whose failure messages say what the server actually answered."""

from __future__ import annotations

from typing import Any

from mockserver.contract.client import Reply

MONEY_TOLERANCE = 0.005 + 1e-9


def status(reply: Reply, *expected: int) -> Reply:
    assert reply.status in expected, (
        f"expected {' or '.join(map(str, expected))}, got {reply.status}: {reply.text()}"
    )
    return reply


def body(reply: Reply, *expected: int) -> Any:
    """The JSON body of a reply that must have one of the expected statuses."""
    status(reply, *expected)
    assert reply.content_type == "application/json", f"not JSON: {reply.content_type}"
    return reply.json()


def error(reply: Reply, expected_status: int, *codes: str) -> None:
    """An error reply in the API's `{"error", "code"}` shape with one of the given codes."""
    found = body(reply, expected_status)
    assert isinstance(found, dict) and set(found) == {"error", "code"}, f"not an error: {found}"
    assert found["code"] in codes, f"expected code {' or '.join(codes)}, got {found['code']}"


def s3_error(reply: Reply, expected_status: int) -> str:
    """An S3-style XML error; returns its `<Code>`."""
    status(reply, expected_status)
    assert reply.content_type in ("application/xml", "text/xml"), reply.content_type
    text = reply.content.decode("utf-8", "replace")
    assert "<Error>" in text and "<Code>" in text, f"not an S3 error: {text[:200]}"
    return text.split("<Code>", 1)[1].split("</Code>", 1)[0]


def cents(amount: float) -> int:
    return round(amount * 100)


def money_equal(left: float, right: float) -> bool:
    return abs(left - right) <= MONEY_TOLERANCE


def newest_first(items: list[dict[str, Any]], key: str = "createdAt") -> None:
    stamps = [item[key] for item in items]
    assert stamps == sorted(stamps, reverse=True), f"not newest first by {key}: {stamps}"


def unique_ids(items: list[dict[str, Any]]) -> list[int]:
    ids = [item["id"] for item in items]
    assert len(ids) == len(set(ids)), f"duplicate ids: {ids}"
    return ids
