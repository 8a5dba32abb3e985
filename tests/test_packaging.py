"""What a non-editable install gets: the package data it needs, and no tests."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from mockserver.apis.circuithub.paths import SPEC_PATH

ROOT = Path(__file__).resolve().parent.parent


def test_the_shipped_spec_is_the_hand_maintained_root_spec() -> None:
    assert SPEC_PATH.read_bytes() == (ROOT / "openapi.yaml").read_bytes(), (
        "mockserver/apis/circuithub/openapi.yaml differs from openapi.yaml: copy the root one"
    )


def test_a_domain_module_loads_without_flask() -> None:
    code = (
        "import sys, mockserver.apis.circuithub.domain.pricing;"
        "import mockserver.apis.circuithub.fixtures;"
        "print(sorted(m for m in ('flask', 'werkzeug') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def build_wheel(out: Path) -> zipfile.ZipFile:
    # From a copy of the tracked files: a build writes build/ and *.egg-info into its source.
    source = out / "source"
    files = (
        subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True)
        .stdout.decode()
        .split("\0")
    )
    for name in filter(None, files):
        target = source / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if (ROOT / name).is_file():
            shutil.copy2(ROOT / name, target)
    build = [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation"]
    subprocess.run([*build, "-w", str(out), str(source)], check=True, capture_output=True)
    return zipfile.ZipFile(next(out.glob("*.whl")))


def test_the_wheel_ships_specs_datasets_and_entry_points_but_no_tests(tmp_path: Path) -> None:
    wheel = build_wheel(tmp_path)
    names = set(wheel.namelist())
    for needed in (
        "mockserver/apis/circuithub/openapi.yaml",
        "mockserver/apis/circuithub/data/docs-world.json",
        "mockserver/apis/circuithub/data/docs-records.yaml",
        "mockserver/contract/suites/suite_schema.py",
        "mockserver/apis/dataquality/openapi.yaml",
        "mockserver/apis/dataquality/data/docs-world.json",
        "mockserver/apis/dataquality/data/docs-records.yaml",
        "mockserver/engine/control/openapi.yaml",
        "mockserver/engine/control/ui/index.html",
    ):
        assert needed in names, needed
    tests = [n for n in names if n.startswith(("tests/", "bench/"))]
    tests += [n for n in names if Path(n).name.startswith("test_") or Path(n).name == "conftest.py"]
    assert tests == []
    points = wheel.read(next(n for n in names if n.endswith("entry_points.txt"))).decode()
    assert "[circuithub_mock.apis]" in points and "[pytest11]" in points
    assert "circuithub = " in points and "dataquality = " in points
