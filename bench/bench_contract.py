"""Time the `full` contract profile against the in-process mock (target: 120 s on 2 cores).

Every operation, at the default example budget, in one process unless `--workers` is given.
Usage: python bench/bench_contract.py [--workers N] [--max-examples N] [--seed N]
"""

from __future__ import annotations

import argparse
import time

from mockserver.contract.options import DEFAULT_MAX_EXAMPLES
from mockserver.contract.runner import run_suite

TARGET_SECONDS = 120.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", help="pytest-xdist workers (default: one process)")
    parser.add_argument("--max-examples", type=int, default=DEFAULT_MAX_EXAMPLES)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    pytest_args = ["-q", "--profile", "full", "--max-examples", str(args.max_examples)]
    pytest_args += ["--seed", str(args.seed)] + (["-n", args.workers] if args.workers else [])
    started = time.perf_counter()
    code, run = run_suite(pytest_args)
    elapsed = time.perf_counter() - started
    verdict = "within" if elapsed <= TARGET_SECONDS else "OVER"
    print(
        f"\ncontract full profile, in-process mock, {args.max_examples} examples, "
        f"{args.workers or 1} worker(s): {elapsed:.1f} s ({verdict} the {TARGET_SECONDS:.0f} s "
        f"target); pytest exit code {code}, {len(run.passed)} tests passed, "
        f"{len(run.failed)} failed"
    )
    return 0 if code == 0 and elapsed <= TARGET_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())
