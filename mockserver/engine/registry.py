"""Resources of one API: the spec's schemas plus a short declaration of how they are stored."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Resource:
    """One dataset array: its key, the fields indexed for lookups, the fields never served."""

    name: str
    # The spec schema records are served as; None for internal-only resources.
    schema: str | None
    key: str | tuple[str, ...] = "id"
    indexes: tuple[str, ...] = ()
    internal: tuple[str, ...] = ()
    # Integer ids handed out from a sequence (listed in the dataset's `sequences`).
    sequenced: bool = True


class RegistryError(ValueError):
    """A declaration that does not match the spec."""


class Registry:
    """The resources of one API, checked against its spec's component schemas."""

    def __init__(self, schemas: dict[str, Any], declared: Sequence[Resource]) -> None:
        self.resources = tuple(declared)
        self._by_name = {r.name: r for r in self.resources}
        missing = [r.schema for r in self.resources if r.schema and r.schema not in schemas]
        if missing:
            raise RegistryError(f"resources name schemas the spec lacks: {', '.join(missing)}")

    def __iter__(self) -> Iterator[Resource]:
        return iter(self.resources)

    def __getitem__(self, name: str) -> Resource:
        return self._by_name[name]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self._by_name)

    @property
    def sequenced(self) -> tuple[str, ...]:
        return tuple(r.name for r in self.resources if r.sequenced)

    def served(self) -> dict[str, str]:
        """Resource -> the schema its records are served as."""
        return {r.name: r.schema for r in self.resources if r.schema}
