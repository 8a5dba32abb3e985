"""The parts catalogue and its search."""

from __future__ import annotations

import re

from mockserver.engine.store.base import Record, Store

MAX_MATCHES = 50
# Package and packing suffixes (TI style): LM358DR is the LM358 in SOIC (D) on a reel (R).
_SUFFIX = re.compile(r"(DGKR|DBVR|DCKR|PWR|NSR|DGK|DBV|DCK|DR|DT|PW|NS|D|P|N)$")


def base_number(mpn: str) -> str:
    """The MPN without a package/packing suffix, when what remains ends in a digit."""
    upper = mpn.upper()
    stripped = _SUFFIX.sub("", upper)
    return stripped if stripped != upper and stripped[-1:].isdigit() else upper


class Parts:
    """Search is case-insensitive; see the spec's description of exact matches."""

    def __init__(self, parts: Store) -> None:
        self.table = parts
        self._by_mpn: dict[str, list[Record]] = {}
        self._by_base: dict[str, list[Record]] = {}
        for part in sorted(self.table.all(), key=lambda p: p["id"]):
            self._by_mpn.setdefault(part["mpn"].upper(), []).append(part)
            self._by_base.setdefault(base_number(part["mpn"]), []).append(part)

    def by_mpn(self, mpn: str) -> Record | None:
        found = self._by_mpn.get(mpn.strip().upper())
        return found[0] if found else None

    def search(self, query: str) -> tuple[list[Record], list[Record]]:
        needle = query.strip().upper()
        exact = {p["id"]: p for p in self._by_mpn.get(needle, [])}
        for part in self._by_base.get(needle, []):
            exact.setdefault(part["id"], part)
        inexact: list[Record] = []
        for part in sorted(self.table.all(), key=lambda p: p["id"]):
            if len(inexact) >= MAX_MATCHES:
                break
            text = f"{part['mpn']} {part.get('description') or ''}".upper()
            if part["id"] not in exact and needle and needle in text:
                inexact.append(part)
        ordered = sorted(exact.values(), key=lambda p: p["id"])[:MAX_MATCHES]
        return ordered, inexact
