"""`contract --html FILE`: one self-contained page (inline CSS, no scripts) for a finished run.

It holds the run summary, the coverage matrix of operations x documented statuses (covered, not
covered, failed) and each failure with its curl reproduction and its minimal failing example.
"""

from __future__ import annotations

import re
import shlex
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
import pytest

from mockserver.contract import coverage
from mockserver.contract.apis import DEFAULT_API, contract_api
from mockserver.contract.options import RunOptions
from mockserver.contract.plugin import OPTIONS_KEY
from mockserver.contract.report import RunReport, leftovers

TEMPLATE = Path(__file__).with_name("html_report.html")
# Schemathesis prints `[200] OK:` before the response it judged, then `curl ...` to replay it.
_STATUS = re.compile(r"^[\s|]*\[(\d{3})\] ")
_CURL = re.compile(r"^[\s|]*(curl [^\n]+)$")
_MARGIN = re.compile(r"^(E {1,7}|\s*\| ?)")
_HYPOTHESIS = ("Falsifying example", "Failing test case")
_SCHEMATHESIS = "Schemathesis found"
_EXAMPLE_ENDS = ("Explanation:", "You can reproduce", "Reproduce with", "Unreliable")


@dataclass(slots=True)
class TestOutcome:
    nodeid: str
    outcome: str
    duration: float
    text: str = ""


@dataclass(slots=True)
class Outcomes:
    """A pytest plugin for the controlling process: every test's outcome, text and timing."""

    header: str = ""
    started: float = field(default_factory=time.time)
    finished: float = 0.0
    deselected: int = 0
    tests: dict[str, TestOutcome] = field(default_factory=dict)

    @pytest.hookimpl(trylast=True)
    def pytest_configure(self, config: pytest.Config) -> None:
        options = config.stash.get(OPTIONS_KEY, None)
        self.header = options.describe() if options is not None else ""

    def pytest_sessionstart(self) -> None:
        self.started = time.time()

    def pytest_sessionfinish(self) -> None:
        self.finished = time.time()

    def pytest_deselected(self, items: list[pytest.Item]) -> None:
        self.deselected += len(items)

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        """The call phase decides; a failed setup or teardown is an error of the test."""
        seen = self.tests.get(report.nodeid)
        if report.when == "call" or (report.failed and (seen is None or seen.outcome != "failed")):
            outcome = report.outcome if report.when == "call" else "error"
            self.tests[report.nodeid] = TestOutcome(
                report.nodeid, outcome, report.duration, report.longreprtext
            )

    def count(self, outcome: str) -> int:
        return sum(1 for test in self.tests.values() if test.outcome == outcome)


@dataclass(frozen=True, slots=True)
class Failure:
    anchor: str
    test: str
    outcome: str
    curl: list[str]
    example: str
    message: str
    details: str
    # (operationId, status or None) of every request the failure reproduces.
    hits: list[tuple[str, int | None]]


@dataclass(frozen=True, slots=True)
class Cell:
    state: str  # covered, missing, failed, undocumented or none
    title: str


@dataclass(frozen=True, slots=True)
class MatrixRow:
    method: str
    path: str
    operation_id: str
    cells: list[Cell]
    failures: list[Failure]


def _clean(text: str) -> list[str]:
    """The report's lines without pytest's `E   ` and exception groups' `|` margins."""
    return [_MARGIN.sub("", line).rstrip() for line in text.splitlines()]


def minimal_example(text: str) -> str:
    """Hypothesis' failing case, else Schemathesis' failure block, else the error lines."""
    lines = _clean(text)
    for start, line in enumerate(lines):
        if line.startswith(_HYPOTHESIS):
            block = [line]
            for item in lines[start + 1 :]:
                if not item.strip() or item.startswith(_EXAMPLE_ENDS):
                    break
                block.append(item)
            return "\n".join(block)
    for start, line in enumerate(lines):
        if _SCHEMATHESIS in line:
            end = next(
                (i for i in range(start, len(lines)) if lines[i].startswith("Reproduce with")),
                len(lines),
            )
            first = line[line.index(_SCHEMATHESIS) :]
            return "\n".join([first, *lines[start + 1 : end]]).strip()
    return message(text) or "\n".join(text.strip().splitlines()[-20:])


def message(text: str) -> str:
    """What failed: pytest's `E   ` lines, up to Hypothesis' example."""
    found = []
    for line in text.splitlines():
        if line.startswith("E "):
            line = line[1:].strip()
            if line.startswith(_HYPOTHESIS):
                break
            found.append(line)
    return "\n".join(found)


def hits(
    text: str, commands: list[str], root_path: str, api: str = DEFAULT_API
) -> list[tuple[str, int | None]]:
    """Operations (and statuses, where the failure text names them) of a failure's requests."""
    status: int | None = None
    paired: list[tuple[str, int | None]] = []
    for line in text.splitlines():
        if found := _STATUS.match(line):
            status = int(found.group(1))
        elif found := _CURL.match(line):
            paired.append((found.group(1), status))
            status = None
    if not paired:
        paired = [(command, None) for command in commands[-1:]]
    result = []
    for command, code in paired:
        operation = _operation(command, root_path, api)
        if operation is not None and (operation, code) not in result:
            result.append((operation, code))
    return result


def _operation(command: str, root_path: str, api: str = DEFAULT_API) -> str | None:
    try:
        words = shlex.split(command)
    except ValueError:
        words = command.split()
    method = words[words.index("-X") + 1] if "-X" in words[:-1] else "GET"
    url = next((w for w in reversed(words) if w.startswith(("http://", "https://"))), None)
    if url is None:
        return None
    observed = coverage.Observations(root_path, api)
    observed.record_url(method, url, 0)
    return next((operation for operation, _ in observed.counts), None)


def failures(
    outcomes: Outcomes, result: RunReport, root_path: str, api: str = DEFAULT_API
) -> list[Failure]:
    curls = {item["test"]: list(item["curl"]) for item in result.failures}
    found = []
    failed = [t for t in outcomes.tests.values() if t.outcome in ("failed", "error")]
    known = {t.nodeid for t in failed}
    failed += [TestOutcome(test, "failed", 0.0) for test in curls if test not in known]
    for index, test in enumerate(failed, 1):
        commands = curls.get(test.nodeid, [])
        found.append(
            Failure(
                anchor=f"failure-{index}",
                test=test.nodeid,
                outcome=test.outcome,
                curl=commands,
                example=minimal_example(test.text) if test.text else "",
                message=message(test.text) if test.text else "",
                details=test.text,
                hits=hits(test.text, commands, root_path, api),
            )
        )
    return found


def columns(rows: list[coverage.Row]) -> list[str]:
    codes = {code for row in rows for code in (*row.exercised, *row.missing)}
    codes |= {str(status) for row in rows for status in row.undocumented}
    return sorted(codes, key=lambda code: (code == "default", code.upper().replace("X", "0")))


def matrix(rows: list[coverage.Row], found: list[Failure]) -> list[MatrixRow]:
    result = []
    for row in rows:
        op = row.operation
        mine = [f for f in found if any(hit[0] == op.operation_id for hit in f.hits)]
        failed = {code for f in mine for name, code in f.hits if name == op.operation_id and code}
        cells = [_cell(row, column, failed) for column in columns(rows)]
        result.append(MatrixRow(op.method, op.path, op.operation_id, cells, mine))
    return result


def _cell(row: coverage.Row, column: str, failed: set[int]) -> Cell:
    if any(_covers(column, status) for status in failed):
        return Cell("failed", f"{column}: a failure was found with this status")
    if column in row.exercised:
        return Cell("covered", f"{column}: exercised")
    if column in row.missing:
        return Cell("missing", f"{column}: documented, never provoked")
    if column in map(str, row.undocumented):
        return Cell("undocumented", f"{column}: answered, but not documented")
    return Cell("none", f"{column}: not documented for this operation")


def _covers(code: str, status: int) -> bool:
    return len(code) == 3 and all(
        c in "Xx" or c == s for c, s in zip(code, str(status), strict=True)
    )


def render(result: RunReport, outcomes: Outcomes, options: RunOptions, exit_code: int) -> str:
    mount = contract_api(options.api).mount
    root_path = urlsplit(options.base_url or mount).path.rstrip("/") or mount
    rows = coverage.rows(result.counts, options.api)
    found = failures(outcomes, result, root_path, options.api)
    documented = sum(len(r.exercised) + len(r.missing) for r in rows)
    exercised = sum(len(r.exercised) for r in rows)
    environment = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    template = environment.from_string(TEMPLATE.read_text(encoding="utf-8"))
    started = datetime.fromtimestamp(outcomes.started, UTC)
    return template.render(
        header=outcomes.header or options.describe(),
        started=started.strftime("%Y-%m-%d %H:%M:%S UTC"),
        duration=max(outcomes.finished - outcomes.started, 0.0),
        verdict="passed" if exit_code == 0 else "failed",
        counts=Counter(t.outcome for t in outcomes.tests.values()),
        deselected=outcomes.deselected,
        exercised=exercised,
        documented=documented,
        columns=columns(rows),
        rows=matrix(rows, found),
        failures=found,
        notes=leftovers(options.base_url, result.prefix, result.created, options.api),
        retried=result.retried,
    )


def write_html(
    path: Path, result: RunReport, outcomes: Outcomes, options: RunOptions, exit_code: int
) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(result, outcomes, options, exit_code), encoding="utf-8")
