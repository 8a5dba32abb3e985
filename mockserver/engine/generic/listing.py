"""How a spec shapes its lists: the answer's wrapper, its paging parameters, its filters."""

from __future__ import annotations

import re
from typing import Any

from mockserver.engine.generic.model import Envelope, Pagination
from mockserver.engine.generic.schemas import Schemas

ITEM_KEYS = ("items", "data", "results", "records", "content", "entries", "values", "list")
ROLE_NAMES = {
    "total": ("total", "totalcount", "totalitems", "totalelements", "totalresults", "totalrecords"),
    "count": ("count", "itemcount", "numberofelements", "resultcount"),
    "page": ("page", "pagenumber", "currentpage", "pageindex", "number"),
    "size": ("size", "pagesize", "perpage", "limit", "pagelength"),
    "offset": ("offset", "skip", "start"),
    "pages": ("pages", "totalpages", "pagecount", "lastpage", "numpages"),
    "next": ("next", "nextcursor", "nextpagetoken", "nextpage", "nexturl", "cursor", "after"),
    "prev": ("prev", "previous", "prevcursor", "previouspage", "prevpage", "before"),
    "first": ("first", "firstpage"),
    "last": ("last",),
    "self": ("self", "current"),
    "has_more": ("hasmore", "hasnext", "hasnextpage", "more", "truncated"),
}
NESTED_KEYS = ("links", "meta", "pagination", "paging", "page_info", "pageinfo", "_links")
PAGE_PARAMS = ("page", "pagenumber", "pageno", "pageindex", "p")
SIZE_PARAMS = ("size", "pagesize", "perpage", "limit", "pagelimit", "maxresults", "count", "top")
OFFSET_PARAMS = ("offset", "skip", "start")
CURSOR_PARAMS = ("cursor", "after", "pagetoken", "startingafter", "nexttoken", "continuation")
SORT_PARAMS = ("sort", "sortby", "order", "orderby", "direction", "fields", "expand", "q", "search")


def squash(name: str) -> str:
    """`page_size`, `pageSize`, `Page-Size` -> `pagesize`: names compared loosely."""
    return re.sub(r"[^a-z0-9]", "", name.lower())


def singular(name: str) -> str:
    if name.endswith("ies"):
        return name[:-3] + "y"
    return name[:-1] if name.endswith("s") and not name.endswith("ss") else name


def role_of(name: str) -> str | None:
    key = squash(name)
    for role, names in ROLE_NAMES.items():
        if key in names:
            return role
    return None


def envelope(schemas: Schemas, schema: Any, resource_name: str = "") -> Envelope | None:
    """The list shape of an answer schema, or None when it holds no array of records."""
    if schemas.array_items(schema) is not None:
        return Envelope(items=None)
    props = schemas.properties(schema)
    arrays = [name for name, node in props.items() if schemas.array_items(node) is not None]
    if not arrays:
        return None
    preferred = (*ITEM_KEYS, squash(resource_name))
    arrays.sort(key=lambda name: preferred.index(squash(name)) if squash(name) in preferred else 99)
    items = arrays[0]
    roles = [(name, role) for name, role in _roles(schemas, props, "") if name != items]
    return Envelope(items=items, roles=tuple(roles))


def _roles(schemas: Schemas, props: dict[str, Any], prefix: str) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for name, node in props.items():
        path = f"{prefix}{name}"
        if not prefix and squash(name) in {squash(key) for key in NESTED_KEYS}:
            found.extend(_roles(schemas, schemas.properties(node), f"{path}."))
            continue
        role = role_of(name)
        if role is not None:
            found.append((path, role))
    return found


def pagination(parameters: list[dict[str, Any]], schemas: Schemas) -> Pagination | None:
    """The paging convention shown by a list operation's query parameters."""
    query = {squash(p["name"]): p for p in parameters if p.get("in") == "query"}

    def pick(names: tuple[str, ...]) -> dict[str, Any] | None:
        return next((query[name] for name in names if name in query), None)

    page, size = pick(PAGE_PARAMS), pick(SIZE_PARAMS)
    offset, cursor = pick(OFFSET_PARAMS), pick(CURSOR_PARAMS)
    default_size, max_size = _size_bounds(schemas, size)
    if cursor is not None:
        style = "cursor"
    elif page is not None:
        style = "page"
    elif offset is not None:
        style = "offset"
    elif size is not None:
        style = "limit"
    else:
        return None
    return Pagination(
        style=style,
        page=_name(page) if style == "page" else None,
        size=_name(size),
        offset=_name(offset) if style == "offset" else None,
        cursor=_name(cursor),
        first_page=_first_page(schemas, page) if page is not None else 1,
        default_size=default_size,
        max_size=max_size,
    )


def paging_params(plan_pagination: Pagination | None) -> set[str]:
    if plan_pagination is None:
        return set()
    names = (plan_pagination.page, plan_pagination.size, plan_pagination.offset)
    return {name for name in (*names, plan_pagination.cursor) if name}


def _name(param: dict[str, Any] | None) -> str | None:
    return None if param is None else str(param["name"])


def _size_bounds(schemas: Schemas, param: dict[str, Any] | None) -> tuple[int, int | None]:
    if param is None:
        return 20, None
    schema = schemas.flatten(param.get("schema", {}))
    maximum = schema.get("maximum")
    maximum = int(maximum) if isinstance(maximum, int | float) else None
    default = schema.get("default")
    size = int(default) if isinstance(default, int) and default > 0 else 20
    if maximum is not None:
        size = min(size, maximum)
    return max(size, int(schema.get("minimum", 1) or 1)), maximum


def _first_page(schemas: Schemas, param: dict[str, Any]) -> int:
    schema = schemas.flatten(param.get("schema", {}))
    for key in ("minimum", "default"):
        if isinstance(schema.get(key), int) and schema[key] in (0, 1):
            return int(schema[key])
    return 1


def filters(
    parameters: list[dict[str, Any]], schemas: Schemas, record: Any, skip: set[str]
) -> tuple[tuple[str, str], ...]:
    """Query parameters that name a record field (loosely: case, `_` and `-` ignored).

    `tag` filters `tag`, `tags` filters `tag` too, and `assignee_id` filters `assignee.id`
    when the record holds the assignee as an object with an id.
    """
    fields = schemas.properties(record)
    by_key = {squash(name): name for name in fields}
    found = []
    for param in parameters:
        name = str(param.get("name", ""))
        if param.get("in") != "query" or name in skip or squash(name) in SORT_PARAMS:
            continue
        field_name = by_key.get(squash(name)) or by_key.get(squash(singular(name)))
        if field_name is None and squash(name).endswith("id"):
            owner = by_key.get(squash(name)[:-2])
            nested = _object_properties(schemas, fields[owner]) if owner else {}
            field_name = f"{owner}.id" if "id" in nested else None
        if field_name is not None:
            found.append((name, field_name))
    return tuple(found)


def _object_properties(schemas: Schemas, node: Any) -> dict[str, Any]:
    """An object field's properties, through a nullable `oneOf`/`anyOf`."""
    flat = schemas.flatten(node)
    for keyword in ("oneOf", "anyOf"):
        for branch in flat.get(keyword) or []:
            if schemas.is_object(branch):
                return schemas.properties(branch)
    return schemas.properties(flat)
