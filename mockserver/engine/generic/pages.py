"""List answers: filtered by the query, cut to the page asked for, shaped as the schema says."""

from __future__ import annotations

import base64
import binascii
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from mockserver.engine.generic.generate import Generator, Unsatisfiable
from mockserver.engine.generic.model import Pagination, Plan

LinkFor = Callable[[dict[str, Any]], str]  # query overrides -> the URL of that page


@dataclass(frozen=True, slots=True)
class Page:
    """One page of a filtered list."""

    records: list[Any]
    total: int
    start: int
    size: int
    number: int  # the page number in the list's own numbering
    has_next: bool


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "null" if value is None else str(value)


def matches(record: Mapping[str, Any], field: str, wanted: Any) -> bool:
    """A filter: the record's field (`a.b`: nested) equals, or shares, one wanted value."""
    value: Any = record
    for part in field.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return False
        value = value[part]
    options = {_text(v) for v in (wanted if isinstance(wanted, list) else [wanted])}
    values = value if isinstance(value, list) else [value]
    return any(_text(v) in options for v in values)


def select(records: list[Any], plan: Plan, query: Mapping[str, Any]) -> list[Any]:
    chosen = records
    for param, field in plan.filters:
        if query.get(param) not in (None, "", []):
            chosen = [r for r in chosen if isinstance(r, dict) and matches(r, field, query[param])]
    return chosen


def cursor_for(start: int) -> str:
    return base64.urlsafe_b64encode(f"offset:{start}".encode()).decode().rstrip("=")


def start_of(cursor: Any) -> int:
    """The offset an opaque cursor stands for; anything unreadable is the first page."""
    text = str(cursor or "")
    try:
        decoded = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return 0
    _, _, number = decoded.partition("offset:")
    return int(number) if number.isdigit() else 0


def _int(value: Any, default: int) -> int:
    try:
        return int(value) if value not in (None, "") else default
    except (TypeError, ValueError):
        return default


def paginate(records: list[Any], paging: Pagination | None, query: Mapping[str, Any]) -> Page:
    total = len(records)
    if paging is None:
        return Page(records, total, 0, max(total, 1), 1, False)
    size = max(1, _int(query.get(paging.size or ""), paging.default_size))
    number = paging.first_page
    if paging.style == "page":
        number = _int(query.get(paging.page or ""), paging.first_page)
        start = (number - paging.first_page) * size
    elif paging.style == "offset":
        start = _int(query.get(paging.offset or ""), 0)
    elif paging.style == "cursor":
        start = start_of(query.get(paging.cursor or ""))
    else:
        start = 0
    chosen = records[start : start + size] if start >= 0 else []
    if paging.style != "page":
        number = paging.first_page + (max(start, 0) // size)
    return Page(chosen, total, start, size, number, start >= 0 and start + size < total)


def render(
    generator: Generator, plan: Plan, page: Page, link_for: LinkFor, bare: bool = False
) -> Any:
    """The list answer: a bare array, or the wrapper with records and paging roles filled in.

    The wrapper's other properties are generated; with `bare`, only when the records and
    roles alone do not make a valid answer.
    """
    envelope = plan.envelope
    if envelope is None or envelope.items is None or plan.schema is None:
        return page.records
    if bare:
        body = _filled(generator, plan, page, link_for, {})
        if generator.schemas.is_valid(plan.schema, body):
            return body
    try:
        body = generator.valid(plan.schema, context="list")
    except Unsatisfiable:
        body = {}
    if not isinstance(body, dict):
        return page.records
    return _filled(generator, plan, page, link_for, body)


def _filled(
    generator: Generator, plan: Plan, page: Page, link_for: LinkFor, body: dict[str, Any]
) -> dict[str, Any]:
    envelope = plan.envelope
    assert envelope is not None and envelope.items is not None
    body[envelope.items] = page.records
    has_total = any(role == "total" for _, role in envelope.roles)
    for path, role in envelope.roles:
        _place(generator, plan, body, path, _value(role, page, plan, link_for, has_total))
    return body


def _value(role: str, page: Page, plan: Plan, link_for: LinkFor, has_total: bool) -> Any:
    paging = plan.pagination
    numbers = {
        "total": page.total,
        "count": len(page.records) if has_total else page.total,
        "page": page.number,
        "size": page.size,
        "offset": max(page.start, 0),
        "pages": math.ceil(page.total / page.size),
        "has_more": page.has_next,
    }
    if role in numbers:
        return numbers[role]
    target = _target(role, page)
    if target is None:
        return None
    if paging is not None and paging.style == "cursor" and role in ("next", "prev"):
        return _Link(cursor_for(target), link_for(_overrides(paging, target, page)))
    return _Link(None, link_for(_overrides(paging, target, page)))


@dataclass(frozen=True, slots=True)
class _Link:
    """A page reference: a cursor token (for cursor paging) and the page's URL."""

    token: str | None
    url: str


def _target(role: str, page: Page) -> int | None:
    """The start offset of the page a link role points at, or None when there is none."""
    last = max(0, (page.total - 1) // page.size * page.size)
    starts = {
        "self": page.start,
        "first": 0,
        "last": last,
        "next": page.start + page.size if page.has_next else None,
        "prev": max(0, page.start - page.size) if page.start > 0 else None,
    }
    return starts.get(role)


def _overrides(paging: Pagination | None, start: int, page: Page) -> dict[str, Any]:
    if paging is None:
        return {}
    size = {paging.size: page.size} if paging.size else {}
    if paging.style == "page" and paging.page:
        return {paging.page: paging.first_page + start // page.size, **size}
    if paging.style == "offset" and paging.offset:
        return {paging.offset: start, **size}
    if paging.style == "cursor" and paging.cursor:
        return {paging.cursor: cursor_for(start), **size}
    return size


def _place(generator: Generator, plan: Plan, body: dict[str, Any], path: str, value: Any) -> None:
    """Sets a role's value where the schema allows it; a missing link becomes null or absent."""
    *parents, name = path.split(".")
    schema: Any = plan.schema
    holder = body
    for parent in parents:
        schema = generator.schemas.properties(schema).get(parent, {})
        if not isinstance(holder.get(parent), dict):
            holder[parent] = {}
        holder = holder[parent]
    field_schema = generator.schemas.properties(schema).get(name, {})
    options: list[Any] = [value]
    if isinstance(value, _Link):
        # Under `links` a reference is a URL; elsewhere a cursor token when there is one.
        in_links = bool(parents) and parents[0].lstrip("_").lower() == "links"
        options = [value.url, value.token] if in_links else [value.token, value.url]
    for option in options:
        if option is not None and generator.schemas.is_valid(field_schema, option):
            holder[name] = option
            return
    if value is None or isinstance(value, _Link):
        if generator.schemas.is_valid(field_schema, None):
            holder[name] = None
        elif name not in (generator.schemas.flatten(schema).get("required") or []):
            holder.pop(name, None)
