"""Each planted fault makes the suite section that should catch it fail; the clean mock passes."""

from __future__ import annotations

from pathlib import Path

import pytest

from mockserver.contract import SUITES_DIR
from mockserver.contract.runner import run_suite
from tests.contract.contract_fault_catalog import catalog
from tests.contract.contract_faults import Fault, build

# Small and fixed: fast, and the same examples every time.
BUDGET = ["--max-examples", "5", "--seed", "7", "--no-shrink", "-q", "-x"]


def section(faults: list[Fault]) -> tuple[list[str], list[Path]]:
    operations = sorted({op for fault in faults for op in fault.operations})
    suites = sorted({suite for fault in faults for suite in fault.suites})
    return BUDGET + [f"--operation={op}" for op in operations], [SUITES_DIR / s for s in suites]


@pytest.mark.parametrize("fault", catalog(), ids=lambda fault: fault.name.replace(" ", "-"))
def test_suite_catches_the_fault(fault: Fault) -> None:
    args, paths = section([fault])
    code, run = run_suite(args, paths, factory=lambda: build(fault))
    assert code == pytest.ExitCode.TESTS_FAILED, f"the suite missed: {fault.name}"
    assert run.failed and all(any(p.name in node for p in paths) for node in run.failed)


def test_clean_mock_passes_every_section() -> None:
    """The same sections, budget and middleware, with no fault planted: no false positives."""
    args, paths = section(catalog())
    code, run = run_suite([a for a in args if a != "-x"], paths, factory=lambda: build(None))
    assert code == pytest.ExitCode.OK, f"false positives: {run.failed}"
    assert len(run.passed) >= len(paths)
