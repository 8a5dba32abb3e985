"""The copy of a foreign spec the engine serves: its contract unchanged, its gaps filled.

The engine's spec reader expects what our own specs always have: an operationId and a tag on
every operation, `components.schemas`, a relative server path and no recursive `$ref`. The
copy adds those, and drops `security`: zero-code mode checks credentials itself (any scheme,
not only the engine's bearer keys).
"""

from __future__ import annotations

import atexit
import json
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from mockserver.engine.generic.operations import HTTP_METHODS
from mockserver.engine.generic.schemas import mappings, normalize

TAG = "generic"


def mount_path(document: dict[str, Any]) -> str:
    """The path of the spec's first server URL (variables at their defaults), e.g. `/v1`."""
    servers = document.get("servers") or [{}]
    server = servers[0] if isinstance(servers[0], dict) else {}
    url = str(server.get("url") or "/")
    for name, variable in (server.get("variables") or {}).items():
        default = variable.get("default", "") if isinstance(variable, dict) else ""
        url = url.replace("{" + name + "}", str(default))
    path = urlparse(url).path if "://" in url else url
    path = "/" + path.strip("/")
    return "" if path == "/" else path


def operation_id(method: str, path: str) -> str:
    """`get` `/pets/{id}` -> `get_pets_id`: a stable name for an operation without one."""
    words = re.findall(r"[A-Za-z0-9]+", path)
    return "_".join([method, *words]) if words else method


def prepare(document: dict[str, Any]) -> dict[str, Any]:
    # As 3.1: the engine compiles schemas as JSON Schema 2020-12 (3.0 `nullable` is gone).
    result = normalize(document)
    result["openapi"] = "3.1.0"
    result["servers"] = [{"url": mount_path(document) or "/"}]
    result.pop("security", None)
    components = result.setdefault("components", {})
    components.setdefault("schemas", {})
    components.pop("securitySchemes", None)
    taken: set[str] = set()
    for path, item in (result.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        for method in HTTP_METHODS:
            if isinstance(item.get(method), dict):
                _fill_operation(item[method], method, path, taken)
    _drop_dangling(result)
    _break_cycles(result)
    _spell_out_formats(result)
    return result


INTEGER_RANGES = {"int32": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}


def _spell_out_formats(document: dict[str, Any]) -> None:
    """`format: int32` as the bounds it means: JSON Schema validators do not know the format."""
    for node in mappings(document):
        _spell_out_format(node)


def _spell_out_format(node: dict[str, Any]) -> None:
    fmt = node.get("format")
    bounds = INTEGER_RANGES.get(fmt) if isinstance(fmt, str) else None
    kinds = node.get("type")
    integer = kinds == "integer" or (isinstance(kinds, list) and "integer" in kinds)
    if bounds is not None and integer:
        low, high = bounds
        node["minimum"] = max(node.get("minimum", low), low)
        node["maximum"] = min(node.get("maximum", high), high)


def _drop_dangling(document: dict[str, Any]) -> None:
    """A `$ref` that cannot be followed (another file, a missing target) becomes `{}`."""
    for holder in _ref_holders(document):
        if _lookup(document, holder["$ref"]) is None:
            holder.clear()


def _fill_operation(raw: dict[str, Any], method: str, path: str, taken: set[str]) -> None:
    name = str(raw.get("operationId") or operation_id(method, path))
    while name in taken:
        name += "_"
    taken.add(name)
    raw["operationId"] = name
    if not raw.get("tags"):
        raw["tags"] = [TAG]
    raw.pop("security", None)
    if not raw.get("responses"):
        raw["responses"] = {"default": {"description": "not documented"}}


def _break_cycles(document: dict[str, Any]) -> None:
    """A `$ref` closing a cycle of schemas becomes `{}`: recursion is validated one level deep."""
    schemas = document["components"]["schemas"]
    state: dict[str, str] = {}

    def visit(name: str) -> None:
        state[name] = "open"
        for holder in _ref_holders(schemas[name]):
            target = _schema_name(holder["$ref"])
            if target not in schemas:
                continue
            if state.get(target) == "open":
                holder.clear()
            elif target not in state:
                visit(target)
        state[name] = "done"

    for name in list(schemas):
        if name not in state:
            visit(name)


def _ref_holders(node: Any) -> list[dict[str, Any]]:
    return [found for found in mappings(node) if isinstance(found.get("$ref"), str)]


def _schema_name(ref: str) -> str:
    prefix = "#/components/schemas/"
    if not ref.startswith(prefix) or "/" in ref[len(prefix) :]:
        return ""
    return ref[len(prefix) :].replace("~1", "/").replace("~0", "~")


def _lookup(document: dict[str, Any], ref: str) -> Any:
    if not ref.startswith("#/"):
        return None
    node: Any = document
    for part in ref[2:].split("/"):
        key = part.replace("~1", "/").replace("~0", "~")
        if isinstance(node, list) and key.isdigit() and int(key) < len(node):
            node = node[int(key)]
        elif isinstance(node, dict) and key in node:
            node = node[key]
        else:
            return None
    return node


def write_prepared(prepared: dict[str, Any]) -> Path:
    """The engine-facing copy as a JSON file (dates stay strings); removed at exit."""
    folder = Path(tempfile.mkdtemp(prefix="circuithub-mock-spec-"))
    atexit.register(shutil.rmtree, folder, True)
    target = folder / "openapi.json"
    target.write_text(json.dumps(prepared, ensure_ascii=False), encoding="utf-8")
    return target


def operation_ids(prepared: dict[str, Any]) -> dict[tuple[str, str], str]:
    """(method, path) -> the operationId the engine knows the operation by."""
    found = {}
    for path, item in (prepared.get("paths") or {}).items():
        for method in HTTP_METHODS:
            if isinstance(item, dict) and isinstance(item.get(method), dict):
                found[(method, path)] = str(item[method]["operationId"])
    return found
