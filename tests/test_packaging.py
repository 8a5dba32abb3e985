"""What a non-editable install gets: the package data it needs, and no tests."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

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


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    out = tmp_path_factory.mktemp("wheel")
    build = [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation"]
    subprocess.run(
        [*build, "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    return zipfile.ZipFile(next(out.glob("*.whl")))


def test_the_wheel_ships_specs_and_datasets(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    for needed in (
        "mockserver/apis/circuithub/openapi.yaml",
        "mockserver/apis/circuithub/schemathesis.toml",
        "mockserver/apis/circuithub/data/docs-world.json",
        "mockserver/apis/circuithub/data/docs-records.yaml",
        "mockserver/contract/suites/suite_schema.py",
        "mockserver/apis/dataquality/openapi.yaml",
        "mockserver/apis/dataquality/data/docs-world.json",
        "mockserver/apis/dataquality/data/docs-records.yaml",
    ):
        assert needed in names, needed


def test_the_wheel_ships_no_tests(wheel: zipfile.ZipFile) -> None:
    names = wheel.namelist()
    tests = [
        n for n in names if n.startswith(("tests/", "bench/")) or Path(n).name == "conftest.py"
    ]
    tests += [n for n in names if Path(n).name.startswith("test_")]
    assert tests == []


def test_the_entry_points_name_every_api(wheel: zipfile.ZipFile) -> None:
    points = next(n for n in wheel.namelist() if n.endswith("entry_points.txt"))
    text = wheel.read(points).decode()
    assert "[circuithub_mock.apis]" in text
    assert "circuithub = " in text and "dataquality = " in text
