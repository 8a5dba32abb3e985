"""ARCHITECTURE.md stays true: it names every module, and stays one page."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")


def named(module: Path) -> bool:
    """A module is named by its path, or by its stem inside a `folder/{a,b}.py` group."""
    rel = module.relative_to(ROOT / "mockserver").as_posix()
    if rel in DOC:
        return True
    folder, stem = module.parent.relative_to(ROOT / "mockserver").as_posix(), module.stem
    groups = re.findall(re.escape(folder) + r"/\{([^}]*)\}", DOC)
    return any(stem in [s.strip().removesuffix(".py") for s in g.split(",")] for g in groups)


def test_every_module_is_named() -> None:
    modules = [p for p in (ROOT / "mockserver").rglob("*.py") if p.name != "__init__.py"]
    missing = sorted(p.relative_to(ROOT).as_posix() for p in modules if not named(p))
    assert missing == [], f"ARCHITECTURE.md does not name: {missing}"


def test_it_stays_one_page() -> None:
    assert len(DOC.splitlines()) < 80
