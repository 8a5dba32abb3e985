"""Parse a BOM CSV by the help centre's rules (RFC 4180 with relaxations).

Relaxations: the separator may be `,`, tab or `;` (detected from the header row; `.tsv` prefers
tab on a tie); any line ending; empty lines; anything above the header row is ignored; spaces
around a quoted field are tolerated, and a `"` inside an unquoted field is kept as text.
Everything else that RFC 4180 forbids (an unterminated quote, text after a closing quote) fails.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass

_DESIGNATOR = re.compile(r"^[A-Za-z][A-Za-z0-9_.\-]{0,31}$")  # the spec's `ref` path pattern
_DESIGNATOR_SPLIT = re.compile(r"[\s,;]+")
_NEWLINE = re.compile(r"\r\n|\r|\n")
# Letters, digits and - . / # + , with single inner spaces: Nexperia's "BC847C,215" and
# Epson's "FA-238 16.0000MB-C3" are real MPNs (and in the generated catalogue).
_MPN_CHARS = re.compile(r"^[A-Za-z0-9\-./#+,]+( [A-Za-z0-9\-./#+,]+)*$")
_QUANTITY = re.compile(r"^\d+(\.0*)?$")
_NOT_ALNUM = re.compile(r"[^0-9a-z]")

Field = tuple[str, int, int]
"""A field's text, the index after it and the line number there."""

# Header names per column role, best first; compared case-blind, ignoring non-alphanumerics.
# fmt: off
ALIASES: dict[str, tuple[str, ...]] = {
    "designators": (
        "Reference Designators", "Reference Designator", "Designators", "Designator",
        "RefDes", "Ref Des", "Ref Designators", "Ref Designator", "References", "Reference",
        "Refs", "Ref", "Part References", "Part Reference", "Parts",  # Eagle's bom.ulp: Parts
    ),
    "mpn": (
        "MPN", "Manufacturer Part Number", "Manufacturer Part No", "Manufacturer PN",
        "Mfr Part Number", "Mfr Part No", "Mfr. Part #", "Mfg Part Number", "Mfg Part No",
        "MFG P/N", "MFR P/N", "MPN#", "Part Number", "Part No", "P/N", "PN",
    ),
    "manufacturer": ("Manufacturer", "Manufacturer Name", "Mfr", "Mfg", "Mfr Name", "Mfg Name"),
    "value": ("Value", "Val", "Comment"),  # Altium writes the value as Comment
    "footprint": ("Footprint", "Package", "Case/Package", "Package/Case", "Case", "PCB Footprint"),
    "description": ("Description", "Desc", "Part Description"),
    "quantity": ("Qty", "Quantity", "Qnty", "Count"),
}
# fmt: on

REQUIRED = ("designators", "mpn")
HEADER_SEARCH_LIMIT = 200  # rows; a preamble is a few lines, and this bounds a headerless file
_ALIAS_LOOKUP: dict[str, tuple[str, int]] = {
    _NOT_ALNUM.sub("", alias.casefold()): (role, rank)
    for role, aliases in ALIASES.items()
    for rank, alias in enumerate(aliases)
}


class BomCsvError(ValueError):
    """A BOM the import must refuse; the message names the problem and, if known, the line."""

    def __init__(self, message: str, line_number: int | None = None) -> None:
        text = f"Line {line_number}: {message}" if line_number is not None else message
        super().__init__(text)
        self.message = text
        self.line_number = line_number


@dataclass(frozen=True, slots=True)
class BomRow:
    """One BOM line as uploaded. `mpn` is "" when the row names none (the line is `error`)."""

    designators: tuple[str, ...]
    mpn: str
    manufacturer: str | None
    value: str | None
    footprint: str | None
    description: str | None
    quantity: int | None
    line_number: int


@dataclass(frozen=True, slots=True)
class _Header:
    separator: str
    line_number: int
    width: int
    columns: dict[str, int]


@dataclass(frozen=True, slots=True)
class _Scan:
    """What one candidate separator finds: a header, else a half-header or a CSV error."""

    header: _Header | None
    partial: tuple[int, str] | None
    error: BomCsvError | None


def is_plausible_mpn(mpn: str) -> bool:
    """Whether `mpn` looks real: 2-40 of letters, digits, - . / # + , and inner spaces, with
    at least one letter and one digit. `BAD_PART` is not; `LM358` is."""
    has_both = any(c.isdigit() for c in mpn) and any(c.isalpha() for c in mpn)
    return 2 <= len(mpn) <= 40 and bool(_MPN_CHARS.match(mpn)) and has_both


def decode_bom(data: bytes) -> str:
    """UTF-8 (with or without a byte order mark), UTF-16 with a BOM, else latin-1."""
    try:
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return data.decode("utf-16")
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def parse_bom(data: bytes, filename: str) -> list[BomRow]:
    """The BOM's rows in file order, or `BomCsvError` naming why the file is refused.

    A row with designators but an empty MPN is kept with `mpn == ""`; the server marks that
    line `error` (as it does an implausible MPN), rather than refusing the whole BOM.
    A designator may appear on one row only, and must match the spec's `ref` pattern.
    """
    text = decode_bom(data)
    if not text.strip():
        raise BomCsvError("The BOM file is empty.")
    order = ("\t", ",", ";") if filename.lower().endswith(".tsv") else (",", ";", "\t")
    scans = [_scan(text, sep) for sep in order]
    header = _choose(scans, filename)
    rows = list(_data_rows(text, header))
    if not rows:
        raise BomCsvError("The BOM has a header row but no lines below it.", header.line_number)
    _check_unique(rows)
    return rows


def normalize_header(name: str) -> str:
    """`Mfr. Part #` -> `mfrpart`: how header names are compared."""
    return _NOT_ALNUM.sub("", name.casefold())


def map_columns(cells: list[str]) -> dict[str, int]:
    """Column index per role found in a header row (the best-ranked name wins)."""
    best: dict[str, tuple[int, int]] = {}
    for index, cell in enumerate(cells):
        found = _ALIAS_LOOKUP.get(normalize_header(cell))
        if found is not None and (found[0] not in best or found[1] < best[found[0]][0]):
            best[found[0]] = (found[1], index)
    return {role: index for role, (_, index) in best.items()}


def accepted_names(role: str) -> str:
    """The accepted header names of a role, for error messages."""
    return ", ".join(ALIASES[role])


def _choose(scans: list[_Scan], filename: str) -> _Header:
    """The header found first (then the widest, then the preferred separator's), else why not."""
    found = [s.header for s in scans if s.header is not None]
    if found:
        return min(found, key=lambda header: (header.line_number, -header.width))
    errors = [s.error for s in scans if s.error is not None]
    if errors:
        raise errors[0]
    raise _no_header(scans, filename)


def _scan(text: str, sep: str) -> _Scan:
    """Read records until one names both required columns."""
    partial: tuple[int, str] | None = None
    try:
        for count, (line_number, cells) in enumerate(_records(text, sep)):
            if count >= HEADER_SEARCH_LIMIT:
                break
            columns = map_columns(cells)
            if all(role in columns for role in REQUIRED):
                return _Scan(_Header(sep, line_number, len(cells), columns), None, None)
            present = [role for role in REQUIRED if role in columns]
            if present and partial is None:
                partial = (line_number, present[0])
    except BomCsvError as error:
        return _Scan(None, partial, error)
    return _Scan(None, partial, None)


def _no_header(scans: list[_Scan], filename: str) -> BomCsvError:
    """Say which required column is missing, and which names would be accepted."""
    partials = sorted(s.partial for s in scans if s.partial is not None)
    what = {"designators": "reference designators", "mpn": "manufacturer part number (MPN)"}
    if partials:
        line_number, present = partials[0]
        missing = "mpn" if present == "designators" else "designators"
        return BomCsvError(
            f"The header row has a {what[present]} column but no {what[missing]} column; "
            f"accepted names: {accepted_names(missing)}.",
            line_number,
        )
    return BomCsvError(
        f"No header row found in {filename} (searched its first {HEADER_SEARCH_LIMIT} rows): "
        f"it needs a {what['designators']} column ({accepted_names('designators')}) and a "
        f"{what['mpn']} column ({accepted_names('mpn')}), separated by comma, tab or semicolon."
    )


def _data_rows(text: str, header: _Header) -> Iterator[BomRow]:
    """The non-empty records below the header, as rows."""
    for line_number, cells in _records(text, header.separator):
        if line_number <= header.line_number or not any(c.strip() for c in cells):
            continue
        if any(c.strip() for c in cells[header.width :]):
            raise BomCsvError(
                f"The row has {len(cells)} fields but the header only {header.width}; a field "
                "holding the separator, such as a list of designators, must be quoted.",
                line_number,
            )
        yield _row(cells, header.columns, line_number)


def _row(cells: list[str], columns: dict[str, int], line_number: int) -> BomRow:
    def cell(role: str) -> str:
        index = columns.get(role)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    designators = tuple(d for d in _DESIGNATOR_SPLIT.split(cell("designators")) if d)
    if not designators:
        raise BomCsvError("The row has no reference designators.", line_number)
    for designator in designators:
        if not _DESIGNATOR.match(designator):
            raise BomCsvError(
                f"{designator!r} is not a reference designator (a letter, then up to 31 "
                "letters, digits, '_', '.' or '-').",
                line_number,
            )
    return BomRow(
        designators=designators,
        mpn=cell("mpn"),
        manufacturer=cell("manufacturer") or None,
        value=cell("value") or None,
        footprint=cell("footprint") or None,
        description=cell("description") or None,
        quantity=_quantity(cell("quantity"), line_number),
        line_number=line_number,
    )


def _quantity(text: str, line_number: int) -> int | None:
    if not text:
        return None
    if not _QUANTITY.match(text):
        raise BomCsvError(f"Quantity {text!r} is not a whole number.", line_number)
    return int(text.split(".")[0])


def _check_unique(rows: list[BomRow]) -> None:
    """A designator names one placement, so it may appear once (DNP edits address it)."""
    seen: dict[str, int] = {}
    for row in rows:
        for designator in row.designators:
            key = designator.casefold()
            if key in seen:
                raise BomCsvError(
                    f"Designator {designator} is already on line {seen[key]}.", row.line_number
                )
            seen[key] = row.line_number


def _records(text: str, sep: str) -> Iterator[tuple[int, list[str]]]:
    """RFC 4180 records with the line number each starts on."""
    special = re.compile(f'[{re.escape(sep)}"\r\n]')
    i, line_number = 0, 1
    while i < len(text):
        start = line_number
        fields: list[str] = []
        while True:
            value, i, line_number = _field(text, i, line_number, sep, special)
            fields.append(value)
            if i < len(text) and text[i] == sep:
                i += 1
                continue
            if i < len(text):  # a line ending
                i += 2 if text.startswith("\r\n", i) else 1
                line_number += 1
            break
        yield start, fields


def _field(text: str, i: int, line_number: int, sep: str, special: re.Pattern[str]) -> Field:
    """One field from `i`: quoted if a `"` comes first (after spaces), else up to `sep`/EOL."""
    start = i
    while True:
        match = special.search(text, i)
        j = match.start() if match else len(text)
        if j < len(text) and text[j] == '"':
            if not text[start:j].strip(" "):
                return _quoted(text, j, line_number, sep)
            i = j + 1  # a quote inside an unquoted field is plain text
            continue
        return text[start:j], j, line_number


def _quoted(text: str, q: int, line_number: int, sep: str) -> Field:
    """A quoted field opening at `q`; `""` is a literal quote."""
    parts: list[str] = []
    i = q + 1
    while True:
        k = text.find('"', i)
        if k < 0:
            raise BomCsvError("Unterminated quoted field (a '\"' is never closed).", line_number)
        parts.append(text[i:k])
        if text.startswith('""', k):
            parts.append('"')
            i = k + 2
            continue
        i = k + 1
        break
    value = "".join(parts)
    line_number += len(_NEWLINE.findall(value))
    while i < len(text) and text[i] == " ":
        i += 1
    if i < len(text) and text[i] != sep and text[i] not in "\r\n":
        raise BomCsvError(
            f"Unexpected {text[i]!r} after a closing quote: quote the whole field and double "
            'any quote inside it ("").',
            line_number,
        )
    return value, i, line_number
