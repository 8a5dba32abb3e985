"""Which operations answered with which status codes during a run, across xdist workers."""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from mockserver.contract.apis import DEFAULT_API, contract_api
from mockserver.engine.spec import Operation, Spec, load_spec


def spec(api: str = DEFAULT_API) -> Spec:
    return load_spec(contract_api(api).spec_path)


@dataclass(frozen=True, slots=True)
class Matcher:
    method: str
    pattern: re.Pattern[str]
    operation_id: str


def _pattern(template: str) -> re.Pattern[str]:
    return re.compile("^" + re.sub(r"\\\{\w+\\\}", "[^/]+", re.escape(template)) + "$")


def _matchers(document: Spec) -> list[Matcher]:
    """Concrete paths before templated ones, as OpenAPI path matching requires."""
    ops = sorted(document.operations.values(), key=lambda op: (op.path.count("{"), op.path))
    return [Matcher(op.method, _pattern(op.path), op.operation_id) for op in ops]


class Observations:
    """Counts of (operationId, status) seen by this process."""

    def __init__(self, root_path: str, api: str = DEFAULT_API) -> None:
        self.root_path = root_path.rstrip("/")
        self.matchers = _matchers(spec(api))
        self.counts: Counter[tuple[str, int]] = Counter()

    def record(self, operation_id: str, status: int) -> None:
        self.counts[(operation_id, status)] += 1

    def record_url(self, method: str, url: str, status: int) -> None:
        """Attribute a request to its operation by path; foreign hosts (S3) are ignored."""
        path = urlsplit(url).path
        if not path.startswith(self.root_path + "/"):
            return
        path = path[len(self.root_path) :]
        for matcher in self.matchers:
            if matcher.method == method.upper() and matcher.pattern.match(path):
                self.record(matcher.operation_id, status)
                return

    def dump(self, directory: Path) -> None:
        """One file per process, so parallel workers never write to the same file."""
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        rows = [[op, status, n] for (op, status), n in sorted(self.counts.items())]
        directory.mkdir(parents=True, exist_ok=True)
        (directory / f"observed-{worker}-{os.getpid()}.json").write_text(json.dumps(rows))


def load(directory: Path) -> Counter[tuple[str, int]]:
    total: Counter[tuple[str, int]] = Counter()
    for file in sorted(directory.glob("observed-*.json")):
        for op, status, n in json.loads(file.read_text()):
            total[(op, int(status))] += int(n)
    return total


@dataclass(frozen=True, slots=True)
class Row:
    """One operation's documented statuses, split into exercised and not, plus surprises."""

    operation: Operation
    exercised: tuple[str, ...]
    missing: tuple[str, ...]
    undocumented: tuple[int, ...]


def rows(counts: Counter[tuple[str, int]], api: str = DEFAULT_API) -> list[Row]:
    seen: dict[str, set[int]] = {}
    for operation_id, status in counts:
        seen.setdefault(operation_id, set()).add(status)
    result = []
    for op in spec(api).operations.values():
        statuses = seen.get(op.operation_id, set())
        documented = sorted(op.responses)
        hit = tuple(code for code in documented if _covers(code, statuses))
        result.append(
            Row(
                operation=op,
                exercised=hit,
                missing=tuple(code for code in documented if code not in hit),
                undocumented=tuple(sorted(s for s in statuses if not _documented(s, documented))),
            )
        )
    return result


def _covers(code: str, statuses: set[int]) -> bool:
    return any(_matches(code, status) for status in statuses)


def _documented(status: int, documented: list[str]) -> bool:
    return any(_matches(code, status) for code in documented)


def _matches(code: str, status: int) -> bool:
    if code == "default":
        return True
    return all(c in ("X", "x") or c == s for c, s in zip(code, str(status), strict=True))
