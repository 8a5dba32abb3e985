"""The parts catalogue and its search."""

from __future__ import annotations

import bisect
import re
from itertools import accumulate
from operator import itemgetter

from mockserver.engine.store.base import Record, Store

MAX_MATCHES = 50
# Package and packing suffixes (TI style): LM358DR is the LM358 in SOIC (D) on a reel (R).
_SUFFIX = re.compile(r"(DGKR|DBVR|DCKR|PWR|NSR|DGK|DBV|DCK|DR|DT|PW|NS|D|P|N)$")


def base_number(mpn: str) -> str:
    """The MPN without a package/packing suffix, when what remains ends in a digit."""
    upper = mpn.upper()
    stripped = _SUFFIX.sub("", upper)
    return stripped if stripped != upper and stripped[-1:].isdigit() else upper


class TextIndex:
    """Every part's "MPN DESCRIPTION" in one string, in id order: a substring search is one
    C-speed `str.find` pass that stops at the 50th hit, whatever the catalogue's size."""

    SEPARATOR = "\x00"

    def __init__(self, parts: list[Record]) -> None:
        self.parts = parts
        texts = [f"{p['mpn']} {p.get('description') or ''}".upper() for p in parts]
        self.text = self.SEPARATOR.join(texts)
        # Where each part's text starts: running sums of the lengths (with separators).
        self.starts = list(accumulate((len(t) + 1 for t in texts), initial=0))[: len(texts)]

    def containing(self, needle: str, skip: set[int], limit: int) -> list[Record]:
        """Parts whose text contains `needle` (upper case), in id order, ids in `skip` left out."""
        found: list[Record] = []
        if not needle or self.SEPARATOR in needle:
            return found
        at = self.text.find(needle)
        while at != -1 and len(found) < limit:
            index = bisect.bisect_right(self.starts, at) - 1
            part = self.parts[index]
            if part["id"] not in skip:
                found.append(part)
            # Resume after this part's text: one part counts once however often it matches.
            following = index + 1
            if following >= len(self.starts):
                break
            at = self.text.find(needle, self.starts[following])
        return found


class Parts:
    """Search is case-insensitive; see the spec's description of exact matches."""

    def __init__(self, parts: Store) -> None:
        self.table = parts
        self._by_mpn: dict[str, list[Record]] = {}
        self._by_base: dict[str, list[Record]] = {}
        ordered = sorted(self.table.all(), key=itemgetter("id"))
        for part in ordered:
            mpn = part["mpn"].upper()
            _append(self._by_mpn, mpn, part)
            _append(self._by_base, base_number(mpn), part)
        self._text = TextIndex(ordered)

    def by_mpn(self, mpn: str) -> Record | None:
        found = self._by_mpn.get(mpn.strip().upper())
        return found[0] if found else None

    def search(self, query: str) -> tuple[list[Record], list[Record]]:
        needle = query.strip().upper()
        exact = {p["id"]: p for p in self._by_mpn.get(needle, [])}
        for part in self._by_base.get(needle, []):
            exact.setdefault(part["id"], part)
        inexact = self._text.containing(needle, set(exact), MAX_MATCHES)
        ordered = sorted(exact.values(), key=lambda p: p["id"])[:MAX_MATCHES]
        return ordered, inexact


def _append(index: dict[str, list[Record]], key: str, part: Record) -> None:
    found = index.get(key)
    if found is None:
        index[key] = [part]  # most MPNs are unique: no empty list made and thrown away
    else:
        found.append(part)
