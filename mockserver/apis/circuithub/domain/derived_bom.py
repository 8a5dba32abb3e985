"""A plausible BOM for a design uploaded without a BOM CSV.

CircuitHub reads the parts from the design files themselves; the mock has no EDA parser, so it
makes up a board: mostly lines resolved to catalogue parts (each designator prefix matching the
part's kind), plus a few lines no catalogue part matches. Only the given `Random` is used.
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Kind:
    """A component kind: its designator prefix, how many per line, and defaults."""

    name: str
    prefix: str
    description: str
    placements: tuple[int, int]
    package: str
    value_pattern: str | None = None  # groups: the number and its unit


# fmt: off
KINDS: dict[str, Kind] = {k.name: k for k in (
    Kind("capacitor", "C", "Ceramic capacitor", (1, 8), "0402", r"(\d+(?:\.\d+)?)\s?([pnuµ]F)"),
    Kind("resistor", "R", "Thick film resistor", (1, 8), "0402",
         r"(\d+(?:\.\d+)?)\s?([kKM]?)(?=\s?(?:Ω|ohm|R\b))"),
    Kind("inductor", "L", "Inductor", (1, 2), "0805", r"(\d+(?:\.\d+)?)\s?([unm]H)"),
    Kind("led", "D", "LED", (1, 4), "0603"),
    Kind("diode", "D", "Diode", (1, 3), "SOD-123"),
    Kind("transistor", "Q", "Transistor", (1, 3), "SOT-23"),
    Kind("crystal", "Y", "Crystal", (1, 1), "3225", r"(\d+(?:\.\d+)?)\s?([kM]Hz)"),
    Kind("ic", "U", "IC", (1, 2), "SOIC-8"),
    Kind("connector", "J", "Connector", (1, 3), "PinHeader_1x04"),
    Kind("switch", "SW", "Switch", (1, 2), "SW_SPST_6mm"),
)}

# First match wins: names of things before units, so an "LED driver" is an IC and a
# "16 MHz crystal 18pF" a crystal; MPN prefixes of common passives last.
_RULES: tuple[tuple[str, str], ...] = (
    ("ic", r"amplifier|op-?amp|regulator|controller|\bmcu\b|driver|converter|sensor|timer|"
           r"memory|flash|eeprom|transceiver|comparator|\badc\b|\bdac\b|\blogic\b|bridge|"
           r"\bi2c\b|uart|multiplexer|load switch|analog switch|\besd\b"),
    ("crystal", r"crystal|oscillator|resonator"),
    ("capacitor", r"capacitor"),
    ("resistor", r"resistor"),
    ("inductor", r"inductor|ferrite|choke"),
    ("led", r"\bled\b"),
    ("diode", r"diode|schottky|\btvs\b|zener|rectifier"),
    ("transistor", r"mosfet|transistor|\bbjt\b|\bfet\b"),
    ("connector", r"connector|header|receptacle|\bjack\b|socket|terminal|\busb\b"),
    ("switch", r"switch|button|tactile"),
    ("capacitor", r"\d\s?[pnuµ]f\b|^(grm|gcm|cl\d\d|c0\d0)"),
    ("resistor", r"ohm|Ω|^(rc0|erj|crcw|rmcf)"),
    ("inductor", r"\d\s?[unm]h\b"),
    ("crystal", r"\d\s?[km]hz"),
)

# Lines the catalogue cannot resolve: (kind, value, package, mpn as written, description).
_UNRESOLVED: tuple[tuple[str, str, str, str | None, str], ...] = (
    ("ic", "NE555", "SOIC-8", "NE555", "Timer"),
    ("ic", "LM1117-3.3", "SOT-223", "LM1117", "LDO regulator"),
    ("capacitor", "220uF", "CP_Elec_8x10", "EEE-FK1V221P", "Electrolytic capacitor"),
    ("diode", "SMBJ5.0A", "SMB", "SMBJ5.0A", "TVS diode"),
    ("crystal", "16MHz", "HC49", None, "Crystal"),
    ("switch", "SW_PUSH", "SW_SPST_6mm", None, "Push button"),
    ("led", "RED", "0603", None, "Red LED"),
    ("connector", "USB_C", "USB_C_Receptacle", None, "USB-C receptacle"),
    ("connector", "Conn_01x06", "PinHeader_1x06", None, "Programming header"),
    ("transistor", "2N7002", "SOT-23", "2N7002", "N-channel MOSFET"),
)
# fmt: on

_ORDER = tuple(KINDS)  # lines are listed C, R, L, D, Q, Y, U, J, SW like an EDA export
_PASSIVES = ("capacitor", "resistor", "inductor")
_UNITS = {u.casefold(): u for u in ("pF", "nF", "uF", "µF", "nH", "uH", "mH", "kHz", "MHz")}
_SIZE_CODE = re.compile(r"^\d{4}$")  # 0402, 0805: a chip size, not yet a footprint name


def derive_bom(
    rng: random.Random, parts: Sequence[Mapping[str, Any]], eda_tool: str
) -> list[dict[str, Any]]:
    """5-25 bomLine records without `id`/`revisionId` (the server assigns those)."""
    wanted = rng.randint(5, 25)
    unresolved = rng.randint(1, max(1, wanted // 5))
    chosen = rng.sample(list(parts), min(wanted - unresolved, len(parts)))
    known = {str(p["mpn"]).casefold() for p in parts}
    templates = [t for t in _UNRESOLVED if (t[3] or "").casefold() not in known]
    extra = rng.sample(templates, min(len(templates), max(unresolved, 5 - len(chosen))))
    drafts = [_resolved(part, eda_tool) for part in chosen]
    drafts += [_unresolved(template, eda_tool) for template in extra]
    rng.shuffle(drafts)
    drafts.sort(key=lambda d: _ORDER.index(d[0].name))
    counters: dict[str, int] = {}
    return [_numbered(rng, kind, record, counters) for kind, record in drafts]


def classify_part(part: Mapping[str, Any]) -> Kind:
    """The kind of a catalogue part: its `category` if it has a known one, else a guess from
    its description and MPN, and an IC when unsure."""
    if part.get("category") in KINDS:
        return KINDS[str(part["category"])]
    description = str(part.get("description") or "")
    mpn = str(part.get("mpn") or "")
    for name, pattern in _RULES:
        if re.search(pattern, description, re.I) or re.search(pattern, mpn, re.I):
            return KINDS[name]
    return KINDS["ic"]


def footprint(kind: Kind, package: str, eda_tool: str) -> str:
    """A footprint name in the tool's usual style (`C_0402` in KiCad, `C0402` in Eagle)."""
    if kind.name not in _PASSIVES or not _SIZE_CODE.match(package):
        return package
    if eda_tool == "kicad":
        return f"{kind.prefix}_{package}"
    if eda_tool == "altium":
        return f"{kind.name[:3].upper()}{package}"
    if eda_tool == "eagle":
        return f"{kind.prefix}{package}"
    return package


def _resolved(part: Mapping[str, Any], eda_tool: str) -> tuple[Kind, dict[str, Any]]:
    kind = classify_part(part)
    description = str(part.get("description") or "")
    package = str(part.get("package") or kind.package)
    value = _value(kind, description) or str(part["mpn"])
    # A designer writes "Ceramic capacitor" for a passive, but the part's own words for an IC.
    generic = kind.name in _PASSIVES or not description
    return kind, {
        "value": value,
        "footprint": footprint(kind, package, eda_tool),
        "description": kind.description if generic else description,
        "status": "resolved",
        "mpn": part["mpn"],
        "manufacturer": part.get("manufacturer"),
        "resolvedPartId": part["id"],
        "resolvedPartMpn": part["mpn"],
        "resolvedPartDescription": part.get("description"),
        "resolvedManufacturer": part.get("manufacturer"),
    }


def _value(kind: Kind, description: str) -> str | None:
    """The value a schematic shows, read from the description: 100nF, 4.7k, 820R, 16MHz."""
    match = re.search(kind.value_pattern, description, re.I) if kind.value_pattern else None
    if match is None:
        return None
    number, unit = match.groups()
    if kind.name == "resistor":
        return f"{number}{unit.replace('K', 'k') or 'R'}"
    return f"{number}{_UNITS.get(unit.casefold(), unit)}"


def _unresolved(
    template: tuple[str, str, str, str | None, str], eda_tool: str
) -> tuple[Kind, dict[str, Any]]:
    name, value, package, mpn, description = template
    kind = KINDS[name]
    return kind, {
        "value": value,
        "footprint": footprint(kind, package, eda_tool),
        "description": description,
        "status": "unresolved",
        "mpn": mpn,
        "manufacturer": None,
        "resolvedPartId": None,
        "resolvedPartMpn": None,
        "resolvedPartDescription": None,
        "resolvedManufacturer": None,
    }


def _numbered(
    rng: random.Random, kind: Kind, draft: dict[str, Any], counters: dict[str, int]
) -> dict[str, Any]:
    """The record with its designators (numbered on from the prefix's last) and no DNP."""
    first = counters.get(kind.prefix, 0) + 1
    count = rng.randint(*kind.placements)
    counters[kind.prefix] = first + count - 1
    refs = [f"{kind.prefix}{n}" for n in range(first, first + count)]
    ordered = {key: draft[key] for key in ("value", "footprint", "description")}
    return {**ordered, "referenceDesignators": refs, **draft, "dnp": []}
