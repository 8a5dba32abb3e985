"""The help centre's BOM CSV rules, one variant per table row."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from mockserver.apis.circuithub.domain.bomcsv import (
    ALIASES,
    BomCsvError,
    BomRow,
    is_plausible_mpn,
    normalize_header,
    parse_bom,
)

DOCS_BOM = (
    "Reference Designators,MPN,Manufacturer,Value,Footprint,Description\r\n"
    '"C1,C2,C3,C4",GCM155R71C104KA55D,Murata,100nF,C_0402,Ceramic capacitor\r\n'
    '"C5,C6",GRM21BR61E106KA73L,Murata,10uF,C_0805,Ceramic capacitor\r\n'
    "U1,LM358,,LM358,SOIC-8,Dual op-amp\r\n"
    "U2,BAD_PART,,BAD_PART,QFN-24,\r\n"
)


@dataclass(frozen=True)
class Ok:
    """A BOM that parses: its text, file name and the (designators, mpn) of each row."""

    text: str
    rows: list[tuple[tuple[str, ...], str]]
    filename: str = "bom.csv"


SIMPLE = [(("C1", "C2"), "GRM1"), (("R1",), "RC0402")]

OK_CASES: dict[str, Ok] = {
    "comma": Ok('Designator,MPN\n"C1,C2",GRM1\nR1,RC0402\n', SIMPLE),
    "tab": Ok("Designator\tMPN\nC1,C2\tGRM1\nR1\tRC0402\n", SIMPLE),
    "semicolon": Ok("Designator;MPN\nC1,C2;GRM1\nR1;RC0402\n", SIMPLE),
    "crlf": Ok('Designator,MPN\r\n"C1,C2",GRM1\r\nR1,RC0402\r\n', SIMPLE),
    "old mac cr": Ok('Designator,MPN\r"C1,C2",GRM1\rR1,RC0402\r', SIMPLE),
    "no final newline": Ok('Designator,MPN\n"C1,C2",GRM1\nR1,RC0402', SIMPLE),
    "mixed endings": Ok('Designator,MPN\r\n"C1,C2",GRM1\rR1,RC0402\n', SIMPLE),
    "preamble": Ok(
        'Bill of Materials,"Board, rev 3"\nDate:,2025-03-01\n\nDesignator,MPN\n"C1,C2",GRM1\n'
        "R1,RC0402\n",
        SIMPLE,
    ),
    "blank lines": Ok('\n\nDesignator,MPN\n\n"C1,C2",GRM1\n\n\nR1,RC0402\n\n', SIMPLE),
    "separator-only line": Ok('Designator,MPN\n"C1,C2",GRM1\n,\nR1,RC0402\n', SIMPLE),
    "spaces in list": Ok('Designator,MPN\n"C1, C2",GRM1\nR1,RC0402\n', SIMPLE),
    "semicolons in list": Ok('Designator,MPN\n"C1;C2",GRM1\nR1,RC0402\n', SIMPLE),
    "space-separated list": Ok("Designator\tMPN\nC1 C2\tGRM1\nR1\tRC0402\n", SIMPLE),
    "escaped quotes": Ok(
        'Designator,MPN,Description\n"C1,C2",GRM1,"2"" x 3"" ""board"""\nR1,RC0402,x\n', SIMPLE
    ),
    "quoted field with newline": Ok(
        'Designator,MPN,Description\n"C1,C2",GRM1,"two\nlines"\nR1,RC0402,x\n', SIMPLE
    ),
    "spaces around quoted field": Ok('Designator,MPN\n "C1,C2" ,GRM1\nR1,RC0402\n', SIMPLE),
    "bare quote in unquoted field": Ok(
        'Designator,MPN,Description\n"C1,C2",GRM1,5" wide\nR1,RC0402,x\n', SIMPLE
    ),
    "utf-8 byte order mark": Ok('\ufeffDesignator,MPN\n"C1,C2",GRM1\nR1,RC0402\n', SIMPLE),
    "tsv file": Ok("RefDes\tMPN\nC1,C2\tGRM1\nR1\tRC0402\n", SIMPLE, "bom.tsv"),
    "tsv hint on a comma file": Ok('RefDes,MPN\n"C1,C2",GRM1\nR1,RC0402\n', SIMPLE, "bom.tsv"),
    "upper-case headers": Ok('REFERENCE DESIGNATORS,MPN\n"C1,C2",GRM1\nR1,RC0402\n', SIMPLE),
    "ref des / manufacturer part number": Ok(
        'Ref Des,Manufacturer Part Number\n"C1,C2",GRM1\nR1,RC0402\n', SIMPLE
    ),
    "refs / mfr. part #": Ok('refs,Mfr. Part #\n"C1,C2",GRM1\nR1,RC0402\n', SIMPLE),
    "references / MFG P/N": Ok('References,MFG P/N\n"C1,C2",GRM1\nR1,RC0402\n', SIMPLE),
    "part reference / mpn#": Ok('Part_Reference,MPN#\n"C1,C2",GRM1\nR1,RC0402\n', SIMPLE),
    "designator / part number": Ok('Designator,Part Number\n"C1,C2",GRM1\nR1,RC0402\n', SIMPLE),
    "better alias wins": Ok(
        'Ref,Part Number,MPN\n"C1,C2",internal-1,GRM1\nR1,internal-2,RC0402\n', SIMPLE
    ),
    "extra and missing cells": Ok('Designator,MPN,Value\n"C1,C2",GRM1,1u,, \nR1,RC0402\n', SIMPLE),
    "empty mpn kept": Ok(
        'Designator,MPN\n"C1,C2",GRM1\nR1,\n', [(("C1", "C2"), "GRM1"), (("R1",), "")]
    ),
}


@pytest.mark.parametrize("case", OK_CASES.values(), ids=OK_CASES.keys())
def test_bom_variants_parse(case: Ok) -> None:
    rows = parse_bom(case.text.encode("utf-8"), case.filename)
    assert [(row.designators, row.mpn) for row in rows] == case.rows


@dataclass(frozen=True)
class Bad:
    """A BOM that is refused, and fragments its message must contain."""

    data: bytes
    fragments: tuple[str, ...]
    line: int | None = None


BAD_CASES: dict[str, Bad] = {
    "empty file": Bad(b"", ("empty",)),
    "blank file": Bad(b"\r\n\n  \n", ("empty",)),
    "missing mpn column": Bad(
        b"Designator,Value\nC1,1u\n", ("no manufacturer part number (MPN) column", "Mfr. Part #"), 1
    ),
    "missing designator column": Bad(
        b"MPN,Value\nGRM1,1u\n", ("no reference designators column", "RefDes"), 1
    ),
    "no header at all": Bad(b"a,b\n1,2\n", ("No header row", "Designator", "MPN")),
    "unterminated quote": Bad(b'Designator,MPN\n"C1,C2,GRM1\nR1,RC0402\n', ("Unterminated",), 2),
    "unterminated quote in header": Bad(b'"Designator,MPN\nC1,GRM1\n', ("Unterminated",), 1),
    "text after closing quote": Bad(b'Designator,MPN\n"C1,C2"x,GRM1\n', ("closing quote",), 2),
    "row without designators": Bad(b"Designator,MPN\nC1,GRM1\n,RC0402\n", ("designators",), 3),
    "duplicate designator": Bad(b'Designator,MPN\n"C1,C2",GRM1\nC2,X1\n', ("C2", "line 2"), 3),
    "bad designator": Bad(b"Designator,MPN\n1C,GRM1\n", ("'1C'",), 2),
    "bad quantity": Bad(b"Designator,MPN,Qty\nC1,GRM1,lots\n", ("'lots'",), 2),
    "unquoted designator list": Bad(
        b"Designator,MPN,Value\nC1,C2,GRM1,1u\n", ("4 fields", "header only 3", "quoted"), 2
    ),
    "header only": Bad(b"Designator,MPN\r\n\r\n", ("no lines",), 1),
}


@pytest.mark.parametrize("case", BAD_CASES.values(), ids=BAD_CASES.keys())
def test_bad_boms_are_refused(case: Bad) -> None:
    with pytest.raises(BomCsvError) as caught:
        parse_bom(case.data, "bom.csv")
    for fragment in case.fragments:
        assert fragment in str(caught.value)
    assert caught.value.line_number == case.line
    if case.line is not None:
        assert str(caught.value).startswith(f"Line {case.line}: ")


def test_docs_bom_parses_to_the_docs_lines() -> None:
    rows = parse_bom(DOCS_BOM.encode(), "bom.csv")
    assert rows[0] == BomRow(
        designators=("C1", "C2", "C3", "C4"),
        mpn="GCM155R71C104KA55D",
        manufacturer="Murata",
        value="100nF",
        footprint="C_0402",
        description="Ceramic capacitor",
        quantity=None,
        line_number=2,
    )
    assert [row.mpn for row in rows] == [
        "GCM155R71C104KA55D",
        "GRM21BR61E106KA73L",
        "LM358",
        "BAD_PART",
    ]
    assert rows[2].manufacturer is None
    assert rows[3].description is None


def test_optional_columns_by_alias() -> None:
    text = (
        "Qty;Val;Case/Package;Desc;Mfr;Designators;Manufacturer Part No\n"
        "2;10k;0402;Res;Yageo;R1 R2;RC0402\n"
    )
    (row,) = parse_bom(text.encode(), "bom.csv")
    assert (row.quantity, row.value, row.footprint) == (2, "10k", "0402")
    assert (row.description, row.manufacturer, row.designators) == ("Res", "Yageo", ("R1", "R2"))


def test_line_numbers_count_physical_lines() -> None:
    text = 'junk\nDesignator,MPN,Note\n"C1",A1,"multi\nline"\n\nR1,B2,x\n'
    assert [row.line_number for row in parse_bom(text.encode(), "b.csv")] == [3, 6]


def test_latin1_fallback() -> None:
    data = "Designator;MPN;Description\nR1;RC0402;10 k\u03a9 r\u00e9sistance\n".replace(
        "\u03a9", ""
    )
    (row,) = parse_bom(data.encode("latin-1"), "bom.csv")
    assert row.description == "10 k r\u00e9sistance"


def test_utf16_with_bom() -> None:
    (row,) = parse_bom("Designator\tMPN\nR1\tRC0402\n".encode("utf-16"), "bom.txt")
    assert row.mpn == "RC0402"


@pytest.mark.parametrize(
    ("mpn", "plausible"),
    [
        ("LM358", True),
        ("GCM155R71C104KA55D", True),
        ("LM1117-3.3", True),
        ("SMBJ5.0A", True),
        ("BAD_PART", False),
        ("", False),
        ("A", False),
        ("BC847C,215", True),  # Nexperia packing suffix
        ("FA-238 16.0000MB-C3", True),  # Epson crystals carry a space
        ("LM358  DR", False),
        (" LM358", False),
        ("LM358\tDR", False),
        ("12345", False),
        ("ABCDE", False),
        ("A1" * 20, True),
        ("A1" * 20 + "X", False),
    ],
)
def test_is_plausible_mpn(mpn: str, plausible: bool) -> None:
    assert is_plausible_mpn(mpn) is plausible


def test_no_header_name_belongs_to_two_roles() -> None:
    roles: dict[str, set[str]] = {}
    for role, aliases in ALIASES.items():
        for alias in aliases:
            roles.setdefault(normalize_header(alias), set()).add(role)
    assert all(len(found) == 1 for found in roles.values())


def test_headerless_file_fails_fast() -> None:
    with pytest.raises(BomCsvError, match="No header row"):
        parse_bom(b"a,b,c\n" * 100_000, "bom.csv")
