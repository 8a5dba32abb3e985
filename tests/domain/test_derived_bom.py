"""A made-up BOM for a design without a BOM CSV: plausible, consistent and seed-stable."""

from __future__ import annotations

import random
import re
from collections import Counter
from functools import cache
from typing import Any

import pytest
import yaml

from mockserver.apis.circuithub.domain.derived_bom import (
    KINDS,
    classify_part,
    derive_bom,
    footprint,
)
from mockserver.apis.circuithub.paths import DOCS_RECORDS

REF = re.compile(r"^[A-Za-z][A-Za-z0-9_.\-]{0,31}$")  # the spec's `ref` pattern
FIELDS = [
    "value",
    "footprint",
    "description",
    "referenceDesignators",
    "status",
    "mpn",
    "manufacturer",
    "resolvedPartId",
    "resolvedPartMpn",
    "resolvedPartDescription",
    "resolvedManufacturer",
    "dnp",
]
EXTRA_PARTS: list[dict[str, Any]] = [
    {"id": 6001, "mpn": "RC0402FR-0710KL", "manufacturer": "Yageo",
     "description": "RES 10K OHM 1% 1/16W 0402", "package": "0402"},
    {"id": 6002, "mpn": "ABM8-16.000MHZ-B2-T", "manufacturer": "Abracon",
     "description": "16 MHz crystal 18pF", "package": "3225"},
    {"id": 6003, "mpn": "BSS138", "manufacturer": "onsemi",
     "description": "N-channel MOSFET 50V 200mA", "package": "SOT-23"},
    {"id": 6004, "mpn": "LTST-C191KRKT", "manufacturer": "Lite-On",
     "description": "Red LED 0603", "package": "0603"},
    {"id": 6005, "mpn": "LMR36015", "manufacturer": "Texas Instruments",
     "description": "LED driver, buck", "package": "QFN-12"},
    {"id": 6006, "mpn": "B2B-PH-K-S", "manufacturer": "JST",
     "description": "Connector header 2 pos", "package": "PH-2"},
    {"id": 6007, "mpn": "LQM21PN2R2MC0D", "manufacturer": "Murata",
     "description": "2.2uH inductor 0805", "package": "0805"},
]  # fmt: skip


@cache
def _docs_parts() -> tuple[dict[str, Any], ...]:
    records = yaml.safe_load(DOCS_RECORDS.read_text())
    return tuple(records["parts"])


def catalogue() -> list[dict[str, Any]]:
    """The docs' parts and a few of other kinds (a fresh list: callers may not mutate it)."""
    return [*_docs_parts(), *EXTRA_PARTS]


@pytest.mark.parametrize("seed", range(40))
@pytest.mark.parametrize("tool", ["kicad", "eagle", "altium", "ipc2581"])
def test_derived_bom_is_plausible(seed: int, tool: str) -> None:
    parts = {part["id"]: part for part in catalogue()}
    bom = derive_bom(random.Random(seed), list(parts.values()), tool)
    assert 5 <= len(bom) <= 25
    statuses = Counter(line["status"] for line in bom)
    assert statuses["unresolved"] >= 1
    assert statuses["resolved"] > statuses["unresolved"]
    refs = [ref for line in bom for ref in line["referenceDesignators"]]
    assert len(refs) == len(set(refs)) and all(REF.match(ref) for ref in refs)
    for line in bom:
        assert list(line) == FIELDS
        assert line["dnp"] == [] and line["referenceDesignators"]
        if line["status"] == "resolved":
            part = parts[line["resolvedPartId"]]
            assert line["resolvedPartMpn"] == part["mpn"] == line["mpn"]
            assert line["resolvedManufacturer"] == part["manufacturer"]
            prefix = classify_part(part).prefix
            assert all(re.fullmatch(rf"{prefix}\d+", ref) for ref in line["referenceDesignators"])
        else:
            assert line["resolvedPartId"] is None and line["resolvedPartMpn"] is None


def test_same_seed_same_bom() -> None:
    first = derive_bom(random.Random(7), catalogue(), "kicad")
    assert first == derive_bom(random.Random(7), catalogue(), "kicad")
    assert any(derive_bom(random.Random(s), catalogue(), "kicad") != first for s in range(8, 12))


def test_small_and_empty_catalogues() -> None:
    for seed in range(20):
        bom = derive_bom(random.Random(seed), catalogue()[:2], "kicad")
        assert len(bom) >= 5 and sum(line["status"] == "resolved" for line in bom) <= 2
        empty = derive_bom(random.Random(seed), [], "kicad")
        assert len(empty) >= 5 and all(line["status"] == "unresolved" for line in empty)


def test_designators_count_on_per_prefix() -> None:
    bom = derive_bom(random.Random(3), catalogue(), "kicad")
    capacitors = [ref for line in bom for ref in line["referenceDesignators"] if ref[0] == "C"]
    assert capacitors == [f"C{n}" for n in range(1, len(capacitors) + 1)]


@pytest.mark.parametrize(
    ("part_id", "kind", "value"),
    [
        (5101, "capacitor", "100nF"),
        (5001, "ic", "LM358DR"),
        (6001, "resistor", "10k"),
        (6002, "crystal", "16MHz"),
        (6003, "transistor", None),
        (6004, "led", None),
        (6005, "ic", None),
        (6006, "connector", None),
        (6007, "inductor", "2.2uH"),
    ],
)
def test_part_kinds_and_values(part_id: int, kind: str, value: str | None) -> None:
    part = next(p for p in catalogue() if p["id"] == part_id)
    assert classify_part(part).name == kind
    if value is not None:
        parts = catalogue()
        lines = [
            line
            for seed in range(60)
            for line in derive_bom(random.Random(seed), parts, "kicad")
            if line["resolvedPartId"] == part_id
        ]
        assert lines and {line["value"] for line in lines} == {value}


def test_footprint_styles() -> None:
    capacitor = KINDS["capacitor"]
    assert footprint(capacitor, "0402", "kicad") == "C_0402"  # as in the docs' BOM
    assert footprint(capacitor, "0402", "eagle") == "C0402"
    assert footprint(capacitor, "0402", "altium") == "CAP0402"
    assert footprint(capacitor, "0402", "ipc2581") == "0402"
    assert footprint(capacitor, "CP_Elec_8x10", "kicad") == "CP_Elec_8x10"
    assert footprint(KINDS["ic"], "SOIC-8", "kicad") == "SOIC-8"
    assert classify_part({"mpn": "X", "description": "", "category": "resistor"}).prefix == "R"
