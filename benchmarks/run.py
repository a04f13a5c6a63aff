"""Measure minusma-tui against bare Textual floors, in the same run, and print the ratios.

Usage: python benchmarks/run.py [--quick] [--python PATH]

Every figure is a ratio to a floor measured in the same run (the machines are shared and noisy,
so absolute times mean little). Floors are in benchmarks/floors/ (vendored from the team's
reference scripts). Timings are medians. Needs tmux. Exits non-zero only if a measurement fails,
never because a goal is missed. Each launch gets its own XDG cache and config dirs, so "cold"
really is a first launch and no user config changes the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
FLOORS = HERE / "floors"
SHIPPED = ROOT / "data" / "withdrawal.toml"
SIZE = (120, 40)
OVERVIEW_MARKER = "sites closed:"
"""On screen only once the Overview tab has rendered its figures (summary.sites_line)."""
FLOOR_MARKER = "FLOOR-READY"
BASES_MARKER = "# ▲"
"""The site table's sorted header: the Bases tab is up."""


class BenchError(Exception):
    pass


@dataclass
class Row:
    figure: str
    floor: float
    project: float
    unit: str
    goal: float | None
    note: str = ""

    @property
    def ratio(self) -> float:
        return self.project / self.floor if self.floor else float("inf")


# --- processes ---------------------------------------------------------------------------------


class Env:
    """Per-launch isolated user dirs (XDG cache/config), so runs never share a cache by accident."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.count = 0

    def fresh(self, cache: Path | None = None) -> dict[str, str]:
        self.count += 1
        home = self.base / f"launch{self.count}"
        env = dict(os.environ)
        env.update(
            XDG_CACHE_HOME=str(cache or home / "cache"),
            XDG_CONFIG_HOME=str(home / "config"),
            XDG_DATA_HOME=str(home / "data"),
            MINUSMA_TUI_CONFIG=str(home / "config" / "none.toml"),
            PYTHONPATH=str(ROOT),
            TERM="xterm-256color",
        )
        env.pop("MINUSMA_TUI_DATA", None)
        env.pop("NO_COLOR", None)
        return env


def _shell(command: list[str], env: dict[str, str]) -> str:
    keep = (
        "XDG_CACHE_HOME",
        "XDG_CONFIG_HOME",
        "XDG_DATA_HOME",
        "MINUSMA_TUI_CONFIG",
        "PYTHONPATH",
    )
    assignments = " ".join(f"{k}={shlex.quote(env[k])}" for k in keep)
    return f"cd {shlex.quote(str(ROOT))} && env {assignments} {shlex.join(command)}"


class Tmux:
    """A private tmux server (its own socket) running one command in a 120x40 pane."""

    def __init__(self, command: list[str], env: dict[str, str]) -> None:
        self.socket = f"bench{os.getpid()}x{time.monotonic_ns()}"
        self.command = _shell(command, env)

    def _tmux(self, *args: str, check: bool = True) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=False
        )
        if check and done.returncode != 0:
            raise BenchError(f"tmux {' '.join(args)}: {done.stderr.strip()}")
        return done.stdout

    def start(self) -> float:
        started = time.perf_counter()
        width, height = SIZE
        self._tmux("new-session", "-d", "-x", str(width), "-y", str(height), self.command)
        return started

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", check=False)

    def wait_for(self, marker: str, timeout: float = 60.0, poll: float = 0.01) -> float:
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if marker in self.screen():
                return time.perf_counter()
            time.sleep(poll)
        raise BenchError(f"timed out waiting for {marker!r}; screen:\n{self.screen()}")

    def keys(self, *keys: str) -> None:
        self._tmux("send-keys", *keys)

    def kill(self) -> None:
        self._tmux("kill-server", check=False)


def first_frame(command: list[str], marker: str, env: dict[str, str]) -> float:
    """Seconds from launch until `marker` is on the 120x40 screen (shared/bench/first_frame.sh)."""
    tmux = Tmux(command, env)
    try:
        started = tmux.start()
        return tmux.wait_for(marker) - started
    finally:
        tmux.kill()


def bytes_per_key(
    command: list[str], env: dict[str, str], ready: str, setup: list[tuple[str, str]], count: int
) -> float:
    """Bytes written to the terminal per Down key (shared/bench/keybytes.sh, tmux pipe-pane)."""
    tmux = Tmux(command, env)
    log = Path(env["XDG_DATA_HOME"]).parent / "pipe.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    try:
        tmux.start()
        tmux.wait_for(ready)
        for key, marker in setup:
            tmux.keys(key)
            tmux.wait_for(marker)
        time.sleep(1.0)
        tmux._tmux("pipe-pane", "-o", f"cat >> {shlex.quote(str(log))}")
        time.sleep(0.3)
        for _ in range(count):
            tmux.keys("Down")
            time.sleep(0.2)
        time.sleep(0.5)
        tmux._tmux("pipe-pane")
        return log.stat().st_size / count if log.exists() else 0.0
    finally:
        tmux.kill()


def _descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        for task in Path(f"/proc/{parent}/task").glob("*/children"):
            children = [int(c) for c in task.read_text().split()]
            found += children
            todo += children
    return found


def _cpu_seconds(pid: int) -> float:
    """utime + stime of a process, all its threads (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def idle_cpu(command: list[str], marker: str, env: dict[str, str], seconds: float) -> float:
    """CPU milliseconds per second the program spends doing nothing, after its first frame."""
    tmux = Tmux(command, env)
    try:
        tmux.start()
        tmux.wait_for(marker)
        time.sleep(3.0)  # past start-up work (the watcher's first look, GC)
        shell = int(tmux._tmux("display-message", "-p", "#{pane_pid}").strip())
        pids = [p for p in [shell, *_descendants(shell)] if "python" in _comm(p)]
        if not pids:
            raise BenchError(f"no python process under the pane running {command}")
        pid = pids[-1]
        before, started = _cpu_seconds(pid), time.perf_counter()
        time.sleep(seconds)
        used, elapsed = _cpu_seconds(pid) - before, time.perf_counter() - started
        return used * 1000 / elapsed
    finally:
        tmux.kill()


def _comm(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return ""


def probe(python: str, env: dict[str, str], *args: str) -> dict[str, float]:
    done = subprocess.run(
        [python, str(HERE / "probe.py"), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=False,
    )
    if done.returncode != 0:
        raise BenchError(f"probe {' '.join(args)} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def wall(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise BenchError(f"{shlex.join(command)} failed:\n{done.stderr.decode()[-2000:]}")
    return elapsed


# --- the run -------------------------------------------------------------------------------------


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run(python: str, quick: bool, work: Path) -> list[Row]:
    reps = 3 if quick else 5
    sweeps = 2 if quick else 4
    moves = 11  # Down presses per sweep: 12 floor rows / 13 sites, never past the last row
    env = Env(work)
    app = [python, "-m", "tui", "--no-watch"]
    floor_app = [python, str(FLOORS / "floor_app.py")]
    floor_table = [python, str(FLOORS / "floor_table.py")]
    rows: list[Row] = []

    # Bytecode as an install has it: with PYTHONDONTWRITEBYTECODE set (common in containers),
    # a module edited since its .pyc was written would be compiled again on every launch.
    subprocess.run(
        [python, "-m", "compileall", "-q", str(ROOT / "tui")],
        check=True,
        cwd=ROOT,
        env={k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
    )

    say("generating 1,000 and 10,000 sites ...")
    big = {}
    for count in (1_000, 10_000):
        path = work / f"sites-{count}.toml"
        subprocess.run(
            [python, str(HERE / "make_dataset.py"), str(count), str(path)], check=True, cwd=ROOT
        )
        big[count] = path

    say("first frame: floor vs shipped data (interleaved) ...")
    floor_ff, ours_ff = [], []
    shipped_cache = work / "shipped-cache"
    first_frame(app, OVERVIEW_MARKER, env.fresh(shipped_cache))  # fill the cache, as users have
    for _ in range(reps):
        floor_ff.append(first_frame(floor_app, FLOOR_MARKER, env.fresh()))
        ours_ff.append(first_frame(app, OVERVIEW_MARKER, env.fresh(shipped_cache)))
    floor = statistics.median(floor_ff)
    rows.append(Row("first frame, shipped data", floor, statistics.median(ours_ff), "s", 1.2))

    say("CPU per Down key ...")
    floor_cpu = statistics.median(
        probe(python, env.fresh(), "keys", "floor", "12", str(sweeps), str(moves))["median_ms"]
        for _ in range(max(1, reps // 2))
    )
    ours_cpu = statistics.median(
        probe(
            python,
            env.fresh(shipped_cache),
            "keys",
            "project",
            str(SHIPPED),
            str(sweeps),
            str(moves),
        )["median_ms"]
        for _ in range(max(1, reps // 2))
    )
    rows.append(
        Row("CPU per Down key (Bases + detail)", floor_cpu, ours_cpu, "ms", 1.5, "vs floor_table")
    )

    say("bytes per Down key ...")
    count = 10
    floor_bytes = bytes_per_key(floor_table, env.fresh(), FLOOR_MARKER, [], count)
    ours_bytes = bytes_per_key(
        app, env.fresh(shipped_cache), OVERVIEW_MARKER, [("2", BASES_MARKER)], count
    )
    rows.append(Row("bytes per Down key", floor_bytes, ours_bytes, "B", 2.0, "vs floor_table"))

    say("peak RSS ...")
    floor_rss = statistics.median(
        probe(python, env.fresh(), "rss", "floor")["peak_rss_kib"] for _ in range(3)
    )
    ours_rss = statistics.median(
        probe(python, env.fresh(shipped_cache), "rss", "project", str(SHIPPED))["peak_rss_kib"]
        for _ in range(3)
    )
    rows.append(Row("peak RSS to first frame", floor_rss / 1024, ours_rss / 1024, "MiB", 1.3))

    say("export --format txt ...")
    export = [python, "-m", "tui", "export", "--format", "txt", "--output", "-"]
    wall(export, env.fresh(shipped_cache))
    export_wall = statistics.median(wall(export, env.fresh(shipped_cache)) for _ in range(reps))
    rows.append(Row("export txt wall", floor, export_wall, "s", 0.5, "vs floor's first frame"))

    for count, path in big.items():
        label = f"{count:,} sites"
        say(f"{label}: first frame, cold and warm ...")
        command = [*app, "--data", str(path)]
        cold, warm, floors = [], [], []
        for i in range(reps):
            cache = work / f"cache-{count}-{i}"
            floors.append(first_frame(floor_app, FLOOR_MARKER, env.fresh()))
            cold.append(first_frame(command, OVERVIEW_MARKER, env.fresh(cache)))
            warm.append(first_frame(command, OVERVIEW_MARKER, env.fresh(cache)))
        floor_here = statistics.median(floors)
        rows.append(
            Row(
                f"first frame, {label}, first launch",
                floor_here,
                statistics.median(cold),
                "s",
                None,
            )
        )
        rows.append(
            Row(
                f"first frame, {label}, second launch",
                floor_here,
                statistics.median(warm),
                "s",
                1.5 if count == 10_000 else None,
            )
        )
        say(f"{label}: CPU per Down key ...")
        cache = work / f"cache-{count}-0"
        cpu = statistics.median(
            probe(python, env.fresh(cache), "keys", "project", str(path), str(sweeps), str(moves))[
                "median_ms"
            ]
            for _ in range(max(1, reps // 2))
        )
        rows.append(
            Row(
                f"CPU per Down key, {label}",
                ours_cpu,
                cpu,
                "ms",
                1.5 if count == 10_000 else None,
                "vs the 13-site figure",
            )
        )
    return rows


def table(rows: list[Row]) -> str:
    header = ("figure", "floor", "project", "ratio", "goal", "met?")
    lines = [header]
    for row in rows:
        digits = 0 if row.unit == "B" else (1 if row.unit in ("ms", "MiB") else 3)
        goal = f"≤ {row.goal:g}×" if row.goal is not None else "(report)"
        met = "—" if row.goal is None else ("yes" if row.ratio <= row.goal else "NO")
        figure = row.figure + (f" ({row.note})" if row.note else "")
        lines.append(
            (
                figure,
                f"{row.floor:.{digits}f} {row.unit}",
                f"{row.project:.{digits}f} {row.unit}",
                f"{row.ratio:.2f}×",
                goal,
                met,
            )
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    out = [
        "| " + " | ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)) + " |"
        for line in lines
    ]
    out.insert(1, "| " + " | ".join("-" * w for w in widths) + " |")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (3 instead of 5)")
    parser.add_argument("--python", default=sys.executable, help="interpreter to run the apps")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args(argv)
    if shutil.which("tmux") is None:
        print("run.py: tmux is needed (first frame and bytes per key)", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="minusma-bench-"))
    try:
        rows = run(args.python, args.quick, work)
    except (BenchError, subprocess.CalledProcessError, OSError, ValueError) as exc:
        print(f"run.py: {exc}", file=sys.stderr)
        return 1
    finally:
        if args.keep:
            say(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
