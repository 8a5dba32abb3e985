"""`make bench-fixtures`: how fast the fixture generator makes and writes the large preset.

Generates a preset (default `large`, over a million records), writes it as JSON to a
temporary file and prints records, seconds, records/s and peak memory against the targets
(>= 100,000 records/s, <= 1.5 GiB). The default mode is what `fixtures generate` does:
BOM lines are streamed while writing. `--in-memory` builds the whole dataset with
`generate()` first, the way a caller holding it in memory would.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time

from mockserver.apis.circuithub.fixtures import generate, generate_lazy
from mockserver.fixtures.writer import count_records, write_json

TARGET_RATE = 100_000  # records per second
TARGET_PEAK = 1.5 * 2**30  # bytes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preset", default="large")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--in-memory", action="store_true", help="generate() before writing")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args()
    make = generate if args.in_memory else generate_lazy

    started = time.perf_counter()
    data = make(args.seed, args.preset)
    built = time.perf_counter()
    with tempfile.TemporaryDirectory() as temp:
        path = os.path.join(temp, f"{args.preset}.json")
        with open(path, "w", encoding="utf-8", newline="\n") as out:
            write_json(data, out)
        finished = time.perf_counter()
        size = os.path.getsize(path)
    records = count_records(data)
    seconds = finished - started
    rate = records / seconds
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux

    mode = "in-memory" if args.in_memory else "streamed"
    print(f"preset        {args.preset} (seed {args.seed}, {mode})")
    print(f"records       {records:,}")
    print(f"output        {size / 2**20:,.1f} MiB of JSON")
    print(
        f"seconds       {seconds:.2f} (build {built - started:.2f}, write {finished - built:.2f})"
    )
    print(f"records/s     {rate:,.0f}   target >= {TARGET_RATE:,}")
    print(f"peak memory   {peak / 2**20:,.0f} MiB   target <= {TARGET_PEAK / 2**20:,.0f} MiB")
    met = rate >= TARGET_RATE and peak <= TARGET_PEAK
    print("targets       " + ("met" if met else "MISSED"))
    return 0 if met or not args.strict else 1


if __name__ == "__main__":
    sys.exit(main())
