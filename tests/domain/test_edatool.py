"""Which EDA tool an upload belongs to, and which uploads are refused."""

from __future__ import annotations

import pytest

from mockserver.apis.circuithub.domain.edatool import FileSet, classify_files


@pytest.mark.parametrize(
    ("filenames", "tool", "bom"),
    [
        (["my-board.cvg", "bom.csv"], "ipc2581", "bom.csv"),  # the docs' POST /projects
        (["my-board-v2.kicad_pcb", "bom.csv"], "kicad", "bom.csv"),  # the docs' new revision
        (["a.kicad_pro", "a.kicad_pcb", "a.kicad_sch"], "kicad", None),
        (["board.brd", "board.sch"], "eagle", None),
        (["x.PrjPcb", "x.PcbDoc", "x.SchDoc", "parts.tsv"], "altium", "parts.tsv"),
        (["X.PRJPCB", "x.pcbdoc"], "altium", None),
        (["BOARD.KICAD_PCB", "BOM.CSV"], "kicad", "BOM.CSV"),
    ],
)
def test_accepted_uploads(filenames: list[str], tool: str, bom: str | None) -> None:
    result = classify_files(filenames)
    assert result.error is None
    assert result.eda_tool == tool
    assert result.bom_file == bom
    assert result.design_files == tuple(name for name in filenames if name != bom)


@pytest.mark.parametrize(
    ("filenames", "fragment", "named"),
    [
        (["a.kicad_pcb", "b.brd"], "more than one EDA tool", ["a.kicad_pcb", "b.brd"]),
        (["bom.csv"], "No design file", ["bom.csv"]),
        ([], "No design file", []),
        (["a.cvg", "one.csv", "two.tsv"], "More than one BOM", ["one.csv", "two.tsv"]),
        (["a.cvg", "notes.pdf"], "Unsupported file type", ["notes.pdf"]),
        (["a.cvg", "README"], "Unsupported file type", ["README"]),
        (["a.cvg", ".csv"], "Unsupported file type", [".csv"]),
    ],
)
def test_refused_uploads(filenames: list[str], fragment: str, named: list[str]) -> None:
    error = classify_files(filenames).error
    assert error is not None
    assert fragment in error
    for name in named:
        assert name in error


def test_mixed_tools_have_no_tool() -> None:
    assert classify_files(["a.kicad_pcb", "b.brd"]).eda_tool is None


def test_tool_kept_alongside_another_error() -> None:
    result = classify_files(["a.kicad_pcb", "b.zip"])
    assert result == FileSet("kicad", ("a.kicad_pcb",), None, result.error)
    assert result.error is not None and "b.zip" in result.error


def test_kicad_schematic_is_not_eagle() -> None:
    assert classify_files(["a.kicad_sch"]).eda_tool == "kicad"
    assert classify_files(["a.sch"]).eda_tool == "eagle"
