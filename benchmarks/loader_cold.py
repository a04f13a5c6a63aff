"""Time the dataset loader cold (no cache), each run in a fresh process: import, parse, validate.

Usage: python benchmarks/loader_cold.py FILE.toml [FILE.toml ...] [--runs 5]

Make the files with `benchmarks/make_dataset.py N OUT.toml`. For each file, prints the median
over the runs of: importing the loader, the TOML parse (`parse_toml`), validating and building
the model (`build_dataset`), parse + validate + build together, and the fastest p+v+b (the one a
busy machine disturbed least). A fresh process per run, so one-off costs (importing pydantic,
building the validator on first use) are counted, as a user's first launch pays them.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_ONE_RUN = """
import json, sys, time
t0 = time.perf_counter()
from tui.core import loader
t1 = time.perf_counter()
data = open(sys.argv[1], "rb").read()
t2 = time.perf_counter()
raw, problems = loader.parse_toml(data, sys.argv[1])
t3 = time.perf_counter()
assert raw is not None, problems
loader.build_dataset(raw, sys.argv[1])
t4 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "parse": t3 - t2, "validate": t4 - t3}))
"""


def measure(path: Path, runs: int) -> dict[str, float]:
    rows = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", _ONE_RUN, str(path)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        row = json.loads(out.stdout)
        row["total"] = row["parse"] + row["validate"]
        rows.append(row)
    medians = {key: statistics.median(r[key] for r in rows) for key in rows[0]}
    return {**medians, "min": min(r["total"] for r in rows)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", type=Path, nargs="+")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    print(f"{'file':<28}{'import':>10}{'parse':>10}{'validate':>10}{'p+v+b':>10}{'min':>10}  (ms)")
    for path in args.files:
        m = measure(path, args.runs)
        print(
            f"{path.name:<28}"
            + "".join(
                f"{m[k] * 1000:>10.1f}" for k in ("import", "parse", "validate", "total", "min")
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
