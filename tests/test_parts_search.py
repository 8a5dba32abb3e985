"""The parts search index answers exactly what a scan of every part would."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from mockserver.apis.circuithub.fixtures import generate
from mockserver.apis.circuithub.resources import RESOURCES
from mockserver.apis.circuithub.rules.parts import MAX_MATCHES, Parts
from mockserver.engine.store.base import Record
from mockserver.engine.store.memory import MemoryStore, Version

CATALOGUE = generate(seed=5, preset="small", parts=3000)["parts"]
PARTS = Parts(
    MemoryStore(next(r for r in RESOURCES if r.name == "parts"), CATALOGUE, None, Version())
)
TEXTS = sorted(CATALOGUE, key=lambda p: p["id"])


def scanned(needle: str, exact: list[Record]) -> list[int]:
    skip = {p["id"] for p in exact}
    found = [
        p["id"]
        for p in TEXTS
        if needle
        and p["id"] not in skip
        and needle in f"{p['mpn']} {p.get('description') or ''}".upper()
    ]
    return found[:MAX_MATCHES]


QUERIES = st.one_of(
    st.sampled_from(TEXTS).flatmap(
        lambda p: st.integers(0, 6).flatmap(
            lambda a: st.integers(a + 1, a + 8).map(
                lambda b: f"{p['mpn']} {p.get('description') or ''}"[a:b]
            )
        )
    ),
    st.text(alphabet="ABCR0123456789 %-.", max_size=5),
)


@settings(max_examples=300, deadline=None)
@given(QUERIES)
def test_search_matches_a_full_scan(query: str) -> None:
    exact, inexact = PARTS.search(query)
    assert [p["id"] for p in inexact] == scanned(query.strip().upper(), exact)


def test_a_query_spanning_two_parts_matches_neither() -> None:
    assert PARTS.search("\x00")[1] == []
