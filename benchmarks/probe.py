"""Child process for benchmarks/run.py: one measurement in a fresh interpreter, printed as JSON.

    probe.py keys floor ROWS SWEEPS MOVES     CPU ms per Down key, floor_table with ROWS rows
    probe.py keys project DATA SWEEPS MOVES   the same in the Bases tab of minusma-tui
    probe.py rss floor                        peak RSS (KiB) of floor_app up to its first frame
    probe.py rss project DATA                 the same for minusma-tui (loading as the CLI does)
    probe.py toml DATA                        peak RSS (KiB) of parsing DATA with tomllib alone

Keys: each sweep puts the cursor on the first row (not measured), then presses Down MOVES times,
measuring the CPU time (`time.process_time`) from the press until the app is idle again, as
shared/bench/key_latency.py does. Wall time under Pilot is mostly its own polling; CPU is the
figure to compare. Run from the repository root (run.py does).
"""

from __future__ import annotations

import asyncio
import json
import resource
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE / "floors"), str(HERE), str(HERE.parent)]

SIZE = (120, 40)


async def _sweeps(app, setup: list[str], reset: str, sweeps: int, moves: int) -> list[float]:
    times: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for key in setup:
            await pilot.press(key)
            await pilot.pause()
        for _ in range(sweeps):
            await pilot.press(reset)
            await pilot.pause()
            for _ in range(moves):
                start = time.process_time()
                await pilot.press("down")
                await pilot.pause()
                times.append((time.process_time() - start) * 1000)
    return times


def _project_app(data: str):
    from unlimited import lift  # benchmarks/unlimited.py: the 100,000-site file is over 64 MiB

    lift()
    from tui.core.config import Config
    from tui.core.opening import load_or_report

    dataset = load_or_report(Path(data))
    if dataset is None:
        raise SystemExit(f"cannot load {data}")
    from tui.app import MinusmaApp

    return MinusmaApp(dataset, config=Config(), data_path=Path(data))


def keys(target: str, arg: str, sweeps: int, moves: int) -> dict[str, float]:
    if target == "floor":
        sys.argv = ["floor_table.py", arg]  # floor_table reads its row count from argv
        from floor_table import FloorTable

        app, setup, reset = FloorTable(), [], "ctrl+home"
    else:
        app, setup, reset = _project_app(arg), ["2"], "g"
    times = asyncio.run(_sweeps(app, setup, reset, sweeps, moves))
    return {"median_ms": statistics.median(times), "n": len(times)}


def rss(target: str, arg: str | None) -> dict[str, float]:
    async def first_frame_then_exit(pilot) -> None:
        await pilot.pause()
        pilot.app.exit()

    if target == "floor":
        from floor_app import Floor

        app = Floor()
    else:
        app = _project_app(arg or "")
    app.run(headless=True, size=SIZE, auto_pilot=first_frame_then_exit)
    return {"peak_rss_kib": peak_rss_kib()}


def peak_rss_kib() -> int:
    """This process's own peak RSS: VmHWM, which starts afresh at exec.

    (`ru_maxrss` does not on Linux: a child of run.py would report run.py's own peak if that
    was higher, as it is once run.py has parsed a large file.)
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def toml(path: str) -> dict[str, float]:
    """The floor for a TOML design: the parse alone, nothing imported but tomllib."""
    import tomllib

    with open(path, "rb") as handle:
        tomllib.load(handle)
    return {"peak_rss_kib": peak_rss_kib()}


def main(argv: list[str]) -> int:
    kind, target, *rest = argv
    if kind == "toml":
        result = toml(target)
    elif kind == "keys":
        result = keys(target, rest[0], int(rest[1]), int(rest[2]))
    elif kind == "rss":
        result = rss(target, rest[0] if rest else None)
    else:
        raise SystemExit(f"unknown probe {kind!r}")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
