"""README's dataset tables follow each API's resource declaration, and datasets follow it too."""

from __future__ import annotations

from pathlib import Path

import pytest

from mockserver.catalog import load_api
from mockserver.engine.registry import Resource
from mockserver.engine.spec import load_spec

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
APIS = ("circuithub", "dataquality")


def row(resource: Resource) -> str:
    served = f"`{resource.schema}`" if resource.schema else "(not served)"
    fields = ", ".join(f"`{name}`" for name in resource.internal) or "(none)"
    return f"| `{resource.name}` | {served} | {fields} |"


@pytest.mark.parametrize("name", APIS)
def test_the_readme_table_is_the_declaration(name: str) -> None:
    missing = [row(r) for r in load_api(name).resources if row(r) not in README]
    assert missing == [], "README's dataset table differs; expected rows:\n" + "\n".join(missing)


@pytest.mark.parametrize("name", APIS)
def test_default_records_hold_only_declared_fields(name: str) -> None:
    api = load_api(name)
    spec = load_spec(api.spec_path)
    dataset = api.default_dataset()
    for resource in api.resources:
        public: set[str] = set()
        if resource.schema:
            schema = spec.schema(resource.schema)
            for branch in [schema, *schema.get("oneOf", []), *schema.get("anyOf", [])]:
                public |= set(branch.get("properties", {}))
        allowed = public | set(resource.internal)
        stray = {k for record in dataset.get(resource.name, []) for k in record} - allowed
        assert stray == set(), f"{name}.{resource.name} records carry undeclared {sorted(stray)}"
