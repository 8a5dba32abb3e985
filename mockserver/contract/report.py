"""What a run leaves behind for the `contract` command: coverage, failures, leftovers."""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from mockserver.contract import coverage
from mockserver.contract.apis import DEFAULT_API, contract_api
from mockserver.contract.options import ENV_TOKEN, RunOptions
from mockserver.contract.target import Target

_CURL = re.compile(r"^[\s|]*(curl [^\n]+)$", re.M)
_FILTERED = "-H 'Authorization: [Filtered]'"


def _worker_file(directory: Path, stem: str) -> Path:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    directory.mkdir(parents=True, exist_ok=True)
    return directory / f"{stem}-{worker}-{os.getpid()}.jsonl"


def reproduction(longrepr: str, target: Target) -> list[str]:
    """Curl commands of a failure: Schemathesis prints its own; else the latest requests."""
    found: list[str] = []
    for command in _CURL.findall(longrepr):
        command = command.replace(_FILTERED, f'-H "Authorization: Bearer ${ENV_TOKEN}"')
        command = command.replace(target.root, target.public_root)
        if command not in found:
            found.append(command)
    return found or list(target.setup.history)


def save_failure(options: RunOptions, nodeid: str, commands: list[str]) -> None:
    if options.report_dir is None:
        return
    with _worker_file(options.report_dir, "failures").open("a", encoding="utf-8") as handle:
        handle.write(json.dumps({"test": nodeid, "curl": commands}) + "\n")


def save_run(options: RunOptions, target: Target) -> None:
    if options.report_dir is None:
        return
    target.observations.dump(options.report_dir)
    created = target.setup.created
    stats = target.setup.stats
    line = {
        "created": created,
        "prefix": options.prefix,
        "retried": stats.retried,
        "waited": stats.waited,
    }
    with _worker_file(options.report_dir, "run").open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(line) + "\n")


def leftovers(
    base_url: str | None, prefix: str, created: list[str], api: str = DEFAULT_API
) -> list[str]:
    """A deployment keeps what a run created; the API's note says whether it can be deleted."""
    if base_url is None or not created:
        return []
    return [
        f"contract: {len(created)} resources were created on {base_url}; their names and "
        f"titles start with {prefix!r}. {contract_api(api).leftovers}"
    ]


@dataclass(frozen=True, slots=True)
class RunReport:
    """Everything the workers of one run wrote to the report directory."""

    counts: Counter[tuple[str, int]]
    failures: list[dict[str, Any]]
    created: list[str]
    retried: int
    prefix: str

    @classmethod
    def load(cls, directory: Path) -> RunReport:
        failures, created, retried, prefix = [], [], 0, ""
        for file in sorted(directory.glob("failures-*.jsonl")):
            failures += [json.loads(line) for line in file.read_text().splitlines() if line]
        for file in sorted(directory.glob("run-*.jsonl")):
            for line in filter(None, file.read_text().splitlines()):
                data = json.loads(line)
                created += data["created"]
                retried += data["retried"]
                prefix = data["prefix"]
        return cls(coverage.load(directory), failures, created, retried, prefix)


def coverage_table(counts: Counter[tuple[str, int]], api: str = DEFAULT_API) -> Table:
    """Operations x documented status codes: which the run saw, which it never provoked."""
    table = Table(title="Contract coverage: documented status codes exercised")
    for name, style in (("Operation", "bold"), ("Exercised", "green"), ("Not seen", "dim")):
        table.add_column(name, style=style)
    table.add_column("Undocumented", style="red")
    hit = total = 0
    for row in coverage.rows(counts, api):
        hit += len(row.exercised)
        total += len(row.exercised) + len(row.missing)
        table.add_row(
            row.operation.operation_id,
            " ".join(row.exercised) or "-",
            " ".join(row.missing),
            " ".join(map(str, row.undocumented)),
        )
    table.caption = f"{hit} of {total} documented (operation, status) pairs exercised"
    return table


def print_summary(console: Console, result: RunReport, options: RunOptions) -> None:
    console.print(coverage_table(result.counts, options.api))
    for failure in result.failures:
        console.print(f"[bold red]FAILED[/] {failure['test']}")
        for command in failure["curl"]:
            console.print(f"  {command}", markup=False, highlight=False, soft_wrap=True)
    for line in leftovers(options.base_url, result.prefix, result.created, options.api):
        console.print(line, markup=False)
    if result.retried:
        console.print(f"contract: retried {result.retried} requests after 429 Too Many Requests")
