"""Classify the files of one upload: design files of one EDA tool plus an optional BOM CSV.

The extension table is the projects guide's (see docs/reference). Only `kicad` appears in the
docs as an `edaTool` value; `eagle`, `altium` and `ipc2581` are the spec's own names.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

EDA_EXTENSIONS: dict[str, str] = {
    "kicad_pro": "kicad",
    "kicad_pcb": "kicad",
    "kicad_sch": "kicad",
    "brd": "eagle",
    "sch": "eagle",
    "prjpcb": "altium",
    "pcbdoc": "altium",
    "schdoc": "altium",
    "cvg": "ipc2581",
}
"""Lower-cased extension (without the dot) to the `edaTool` value."""

BOM_EXTENSIONS: tuple[str, ...] = ("csv", "tsv")

_SUPPORTED = (
    ".kicad_pro .kicad_pcb .kicad_sch (KiCad), .brd .sch (Eagle), "
    ".PrjPcb .PcbDoc .SchDoc (Altium/CircuitMaker), .cvg (IPC-2581), .csv .tsv (BOM)"
)


@dataclass(frozen=True, slots=True)
class FileSet:
    """What an upload holds. `error` is set, and the import should fail, when it is unusable.

    `eda_tool` is set whenever exactly one tool was recognised, even alongside an error, so a
    failed revision can still say which tool it was; it is `None` for mixed or no design files.
    """

    eda_tool: str | None
    design_files: tuple[str, ...]
    bom_file: str | None
    error: str | None


def extension(filename: str) -> str:
    """The lower-cased text after the last dot, or "" when there is none."""
    stem, dot, ext = filename.rpartition(".")
    return ext.lower() if dot and stem else ""


def tool_of(filename: str) -> str | None:
    """The EDA tool a design file belongs to, or None for a BOM or unsupported file."""
    return EDA_EXTENSIONS.get(extension(filename))


def is_bom_file(filename: str) -> bool:
    """Whether the file is a BOM CSV (or TSV)."""
    return extension(filename) in BOM_EXTENSIONS


def classify_files(filenames: Sequence[str]) -> FileSet:
    """Sort an upload's file names into design files and BOM, naming every problem found."""
    design = tuple(name for name in filenames if tool_of(name) is not None)
    boms = [name for name in filenames if is_bom_file(name)]
    unsupported = [name for name in filenames if tool_of(name) is None and not is_bom_file(name)]
    tools = _tools_in_order(design)
    eda_tool = tools[0] if len(tools) == 1 else None
    bom_file = boms[0] if len(boms) == 1 else None
    error = _first_error(design, tools, boms, unsupported)
    return FileSet(eda_tool=eda_tool, design_files=design, bom_file=bom_file, error=error)


def _tools_in_order(design_files: Sequence[str]) -> list[str]:
    """The distinct tools of the design files, in first-seen order (deterministic messages)."""
    tools: list[str] = []
    for name in design_files:
        tool = tool_of(name)
        if tool is not None and tool not in tools:
            tools.append(tool)
    return tools


def _first_error(
    design: Sequence[str], tools: Sequence[str], boms: Sequence[str], unsupported: Sequence[str]
) -> str | None:
    """The most useful single message; unsupported files first since they explain the rest."""
    if unsupported:
        return f"Unsupported file type: {', '.join(unsupported)}. Supported: {_SUPPORTED}"
    if len(tools) > 1:
        listed = ", ".join(f"{name} ({tool_of(name)})" for name in design)
        return f"Design files from more than one EDA tool: {listed}. Upload one tool's files."
    if len(boms) > 1:
        return f"More than one BOM file: {', '.join(boms)}. Upload at most one BOM CSV."
    if not design:
        named = f" (got only {', '.join(boms)})" if boms else ""
        return f"No design file{named}. Supported: {_SUPPORTED}"
    return None
