"""The HTML report's content for a Schemathesis failure, read without a browser."""

from __future__ import annotations

import html
import re
from pathlib import Path

from mockserver.contract import SUITES_DIR
from mockserver.contract.html import Outcomes, write_html
from mockserver.contract.options import RunOptions
from mockserver.contract.report import RunReport
from mockserver.contract.runner import run_suite
from tests.contract.contract_fault_catalog import catalog
from tests.contract.contract_faults import build


def test_a_schema_failure_marks_its_status_cell_and_keeps_the_judged_response(
    tmp_path: Path,
) -> None:
    fault = next(f for f in catalog() if f.name == "required field dropped")
    outcomes = Outcomes()
    args = ["--max-examples", "5", "--seed", "7", "--no-shrink", "-q", "-x"]
    args += [f"--operation={op}" for op in fault.operations]
    args += ["--contract-report-dir", str(tmp_path / "run")]
    paths = [SUITES_DIR / s for s in fault.suites]
    code, _ = run_suite(args, paths, factory=lambda: build(fault), plugins=[outcomes])
    assert code == 1
    report = tmp_path / "report.html"
    write_html(report, RunReport.load(tmp_path / "run"), outcomes, RunOptions(seed=7), code)

    page = report.read_text()
    row = re.search(r"<tr class=\"has-failure\">(.*?)</tr>", page, re.S)
    assert row is not None and "getProject" in row.group(1)
    cells = re.findall(r'<td class="cell (\w+)" title="(\d\w\w):', row.group(1))
    assert ("failed", "200") in cells and all(s != "failed" for s, c in cells if c != "200")
    text = html.unescape(page)
    example = text.split('<pre class="example">', 1)[1].split("</pre>", 1)[0]
    assert example.startswith("Schemathesis found 1 distinct failure")
    assert '"name" is a required property' in example and "[200] OK" in example
    curl = text.split('<pre class="curl">', 1)[1].split("</pre>", 1)[0]
    assert "curl -X GET" in curl and "http://127.0.0.1:8080/v1/projects/12345" in curl
    assert "<script" not in page and "http://" not in page.split("<body>", 1)[0]
