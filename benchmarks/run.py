"""Measure minusma-tui against bare Textual floors, in the same run, and print the ratios.

Usage: python benchmarks/run.py [--quick] [--python PATH]

Every figure is a ratio to a floor measured in the same run (the machines are shared and noisy,
so absolute times mean little). Floors are in benchmarks/floors/ (vendored from the team's
reference scripts). Timings are medians. Needs tmux. Exits non-zero only if a measurement fails,
never because a goal is missed. Each launch gets its own XDG cache and config dirs, so "cold"
really is a first launch and no user config changes the figures.

The rows are issue 15's goals: at 13 sites, the first frame against a bare Textual app and the
bytes a held key writes against a bare table; at 10,000 and 100,000 generated sites
(make_dataset.py), the second ("warm") launch against visidata's first row on the same sites as
CSV, the first ("cold") launch against tomllib parsing the file alone (time and peak memory),
the txt export, and the idle CPU of an app watching its file. visidata is measured when it is
installed for the interpreter under test (the `[bench]` extra), skipped with a note when not.
`--quick` runs 3 repetitions and skips 100,000 sites (a few minutes).
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
FLOORS = HERE / "floors"
SHIPPED = ROOT / "data" / "withdrawal.toml"
SIZE = (120, 40)
OVERVIEW_MARKER = "sites closed:"
"""On screen only once the Overview tab has rendered its figures (figures.sites_line)."""
FLOOR_MARKER = "FLOOR-READY"
HELD_GAP = 0.03
"""Seconds between presses of a held key (a terminal's key repeat is 25-40 per second)."""
SECOND_MISSION = "monusco-south-kivu"
"""The second bundled mission: its first frame must cost what MINUSMA's does."""
SSH_SESSIONS = 5
"""Clients started at once against `serve` for the concurrency row."""
BASES_MARKER = "# ▲"
"""The site table's sorted header: the Bases tab is up."""


class BenchError(Exception):
    pass


@dataclass
class Row:
    """One figure: every sample of the floor and of the project, taken in the same loop.

    The samples are paired (the n-th floor sample was taken next to the n-th project sample), so
    the ratio is the median of the pairs' ratios: drift in the machine's load between pairs does
    not move it as much as a ratio of two medians taken minutes apart would.
    """

    figure: str
    floors: list[float]
    projects: list[float]
    unit: str
    goal: float | None
    note: str = ""
    absolute: bool = False
    """The goal is a limit on the project's own figure (the floor is shown for reference)."""

    @property
    def floor(self) -> float:
        return statistics.median(self.floors)

    @property
    def project(self) -> float:
        return statistics.median(self.projects)

    @property
    def ratios(self) -> list[float]:
        if len(self.floors) == len(self.projects):
            pairs = zip(self.floors, self.projects, strict=True)
            return [p / f if f else float("inf") for f, p in pairs]
        floor = self.floor
        return [p / floor if floor else float("inf") for p in self.projects]

    @property
    def ratio(self) -> float:
        return statistics.median(self.ratios)


def paired(
    reps: int, floor: Callable[[], float], project: Callable[[], float]
) -> tuple[list[float], list[float]]:
    """`reps` samples of each, taken in pairs; the order within a pair alternates, so neither
    side always runs on a machine the other has just warmed (or loaded)."""
    floors: list[float] = []
    projects: list[float] = []
    for i in range(reps):
        if i % 2:
            projects.append(project())
            floors.append(floor())
        else:
            floors.append(floor())
            projects.append(project())
    return floors, projects


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
            HOME=str(home),
            MINUSMA_TUI_CONFIG=str(home / "config" / "none.toml"),
            PYTHONPATH=str(ROOT),
            TERM="xterm-256color",
        )
        env.pop("MINUSMA_TUI_DATA", None)
        env.pop("NO_COLOR", None)
        return env


def _shell(command: list[str], env: dict[str, str]) -> str:
    keep = (
        "HOME",
        "XDG_CACHE_HOME",
        "XDG_CONFIG_HOME",
        "XDG_DATA_HOME",
        "MINUSMA_TUI_CONFIG",
        "PYTHONPATH",
    )
    assignments = " ".join(f"{k}={shlex.quote(env[k])}" for k in keep)
    return f"cd {shlex.quote(str(ROOT))} && env {assignments} {shlex.join(command)}"


class Tmux:
    """A private tmux server (its own socket) running one command in a pane (120x40 unless told).

    With `gate`, the command waits for that file to exist before it starts, so that `pipe-pane`
    can be attached first and every byte the program writes from its launch is counted.
    """

    def __init__(
        self,
        command: list[str],
        env: dict[str, str],
        size: tuple[int, int] = SIZE,
        gate: Path | None = None,
    ) -> None:
        self.socket = f"bench{os.getpid()}x{time.monotonic_ns()}"
        self.command = _shell(command, env)
        if gate is not None:
            wait = f"while [ ! -e {shlex.quote(str(gate))} ]; do sleep 0.005; done"
            self.command = f"{wait}; {self.command.replace(' env ', ' exec env ', 1)}"
        self.size = size

    def _tmux(self, *args: str, check: bool = True) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=False
        )
        if check and done.returncode != 0:
            raise BenchError(f"tmux {' '.join(args)}: {done.stderr.strip()}")
        return done.stdout

    def start(self) -> float:
        started = time.perf_counter()
        width, height = self.size
        self._tmux("new-session", "-d", "-x", str(width), "-y", str(height), self.command)
        return started

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", check=False)

    def wait_for(self, marker: str, timeout: float = 60.0, poll: float = 0.01) -> float:
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if marker in self.screen():
                return time.perf_counter()
            if not self.alive():
                raise BenchError(f"{self.command} exited before showing {marker!r}")
            time.sleep(poll)
        raise BenchError(f"timed out waiting for {marker!r}; screen:\n{self.screen()}")

    def alive(self) -> bool:
        done = subprocess.run(
            ["tmux", "-L", self.socket, "has-session"], capture_output=True, check=False
        )
        return done.returncode == 0

    def keys(self, *keys: str) -> None:
        self._tmux("send-keys", *keys)

    def kill(self) -> None:
        self._tmux("kill-server", check=False)


def first_frame(
    command: list[str],
    marker: str,
    env: dict[str, str],
    timeout: float = 60.0,
    then: Callable[[], None] | None = None,
) -> float:
    """Seconds from launch until `marker` is on the 120x40 screen (shared/bench/first_frame.sh).

    `then` runs once the marker is seen, before the app is stopped (not timed)."""
    tmux = Tmux(command, env)
    try:
        started = tmux.start()
        seen = tmux.wait_for(marker, timeout) - started
        if then is not None:
            then()
        return seen
    finally:
        tmux.kill()


def entry_written(cache: Path, timeout: float = 120.0) -> Callable[[], None]:
    """Wait until the app has written its dataset cache entry under `cache`: a first launch
    writes it after its first frame, and the warm launch after it must find it."""

    def wait() -> None:
        deadline = time.perf_counter() + timeout
        while not any((cache / "minusma-tui" / "datasets").glob("*.msgpack")):
            if time.perf_counter() > deadline:
                raise BenchError(f"no cache entry under {cache} {timeout:g} s after the frame")
            time.sleep(0.05)

    return wait


def bytes_per_key(
    command: list[str],
    env: dict[str, str],
    ready: str,
    setup: list[tuple[str, str]],
    presses: list[str],
    gap: float,
    size: tuple[int, int] = SIZE,
) -> float:
    """Bytes written to the terminal per key press (shared/bench/keybytes.sh, tmux pipe-pane).

    `presses` are sent `gap` seconds apart; the bytes written until 0.5 s after the last one
    count, so a pane that catches up once the keys stop pays for its catching up.
    """
    tmux = Tmux(command, env, size)
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
        for key in presses:
            tmux.keys(key)
            time.sleep(gap)
        time.sleep(0.5)
        tmux._tmux("pipe-pane")
        return log.stat().st_size / len(presses) if log.exists() else 0.0
    finally:
        tmux.kill()


def launch_bytes(
    command: list[str], env: dict[str, str], marker: str, quiet: float = 1.0, timeout: float = 60.0
) -> float:
    """Bytes written to the terminal from launch until `quiet` seconds pass without a byte, once
    `marker` is on screen: what a session's start costs a slow link (120x40).

    The pane's output is piped to a file before the program starts (the `gate`), so the first
    frame and every repaint after it count, and nothing of tmux's own.
    """
    home = Path(env["XDG_DATA_HOME"]).parent
    home.mkdir(parents=True, exist_ok=True)
    gate, log = home / "go", home / "launch.log"
    tmux = Tmux(command, env, gate=gate)
    try:
        tmux.start()
        tmux._tmux("pipe-pane", "-o", f"cat >> {shlex.quote(str(log))}")
        time.sleep(0.1)
        gate.touch()
        tmux.wait_for(marker, timeout)
        deadline = time.perf_counter() + timeout
        size, still_since = -1, time.perf_counter()
        while time.perf_counter() < deadline:
            now = log.stat().st_size if log.exists() else 0
            if now != size:
                size, still_since = now, time.perf_counter()
            elif time.perf_counter() - still_since >= quiet:
                return float(size)
            time.sleep(0.02)
        raise BenchError(f"{shlex.join(command)} never went quiet ({size} bytes written)")
    finally:
        tmux._tmux("pipe-pane", check=False)
        tmux.kill()


class SshServer:
    """`minusma-tui serve` on 127.0.0.1 with a throwaway host key and one client key; clients are
    OpenSSH's `ssh` in tmux panes, as users reach it."""

    def __init__(self, python: str, env: dict[str, str], work: Path, sessions: int) -> None:
        keys = work / "ssh"
        keys.mkdir(parents=True, exist_ok=True)
        for name in ("host", "client"):
            if not (keys / name).exists():
                subprocess.run(
                    ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(keys / name)],
                    check=True,
                )
        with socket.socket() as probe_socket:
            probe_socket.bind(("127.0.0.1", 0))
            self.port = probe_socket.getsockname()[1]
        self.client_key = keys / "client"
        self.env = env
        command = [
            python, "-m", "tui", "serve", "--port", str(self.port),
            "--host-key", str(keys / "host"), "--authorized-keys", str(keys / "client.pub"),
            "--max-sessions", str(sessions + 1), "--max-per-address", str(sessions + 1),
        ]  # fmt: skip
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.perf_counter() + 30
        while time.perf_counter() < deadline:
            if self.process.poll() is not None:
                raise BenchError(f"serve exited with {self.process.returncode}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise BenchError("serve did not listen within 30 s")

    def client(self) -> list[str]:
        return [
            "ssh", "-tt", "-p", str(self.port), "-i", str(self.client_key),
            "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-o", "LogLevel=ERROR",
            "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
            "127.0.0.1",
        ]  # fmt: skip

    def first_frames(self, count: int, marker: str) -> float:
        """Seconds from launching `count` clients at once until every one shows `marker`."""
        panes = [Tmux(self.client(), self.env) for _ in range(count)]
        try:
            started = [pane.start() for pane in panes]
            seen = [pane.wait_for(marker, 120) for pane in panes]
            return max(seen) - min(started)
        finally:
            for pane in panes:
                pane.kill()

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()


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


# --- floors that are not Textual apps -------------------------------------------------------------


def toml_floor(python: str, env: dict[str, str], path: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of a fresh interpreter that only parses `path` with tomllib.

    The floor for any design that keeps its data as TOML: a first launch cannot show a figure
    before the file is parsed.
    """
    started = time.perf_counter()
    result = probe(python, env, "toml", str(path))
    return time.perf_counter() - started, result["peak_rss_kib"] / 1024


def write_csv(toml_path: Path, csv_path: Path) -> None:
    """The sites of a generated dataset as CSV: the rows visidata is timed on."""
    import csv

    import tomllib

    with toml_path.open("rb") as handle:
        sites = tomllib.load(handle)["sites"]
    columns = ("ordinal", "name", "region", "phase", "date", "status", "handed_to", "lat", "lon")
    with csv_path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for site in sites:
            writer.writerow([site.get(c, "") for c in columns])


VISIDATA_MARKER = "Synthetic base"
"""In every site's name: visidata has drawn its first row (the header says only "name")."""


def visidata_command(python: str) -> list[str] | None:
    """How to start visidata with the interpreter under test, or None if it is not installed."""
    found = subprocess.run(
        [python, "-c", "import visidata"], capture_output=True, check=False, cwd=ROOT
    )
    if found.returncode != 0:
        return None
    # No network look-up for the message of the day; no config read (HOME is fresh per launch).
    return [python, "-m", "visidata", "--motd-url", "", "-f", "csv"]


# --- the run -------------------------------------------------------------------------------------


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def median_of(reps: int, measure: Callable[[], float]) -> float:
    return statistics.median(measure() for _ in range(reps))


def run(python: str, quick: bool, work: Path) -> tuple[list[Row], list[str]]:
    reps = 3 if quick else 5
    sweeps = 2 if quick else 4
    moves = 11  # Down presses per sweep: 12 floor rows / 13 sites, never past the last row
    env = Env(work)
    app = [python, "-m", "tui", "--no-watch"]
    second = [*app, "--mission", SECOND_MISSION]
    export = [python, "-m", "tui", "export", "--format", "txt", "--output", "-"]
    floor_app = [python, str(FLOORS / "floor_app.py")]
    floor_table = [python, str(FLOORS / "floor_table.py")]
    rows: list[Row] = []
    notes: list[str] = []
    vd = visidata_command(python)
    if vd is None:
        notes.append(
            "visidata is not installed (pip install 'minusma-tui[bench]'): its rows are skipped."
        )

    # Bytecode as an install has it: with PYTHONDONTWRITEBYTECODE set (common in containers),
    # a module edited since its .pyc was written would be compiled again on every launch.
    subprocess.run(
        [python, "-m", "compileall", "-q", str(ROOT / "tui")],
        check=True,
        cwd=ROOT,
        env={k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
    )

    counts = (10_000,) if quick else (10_000, 100_000)
    say(f"generating {' and '.join(f'{c:,}' for c in counts)} sites ...")
    big: dict[int, Path] = {}
    for count in counts:
        path = work / f"sites-{count}.toml"
        subprocess.run(
            [python, str(HERE / "make_dataset.py"), str(count), str(path)], check=True, cwd=ROOT
        )
        big[count] = path
        if vd is not None:
            write_csv(path, path.with_suffix(".csv"))

    say("13 sites: first frame, the second mission's, export, launch bytes (paired) ...")
    shipped_cache = work / "shipped-cache"
    # Fill the caches, as users have them.
    first_frame(app, OVERVIEW_MARKER, env.fresh(shipped_cache), then=entry_written(shipped_cache))
    first_frame(second, OVERVIEW_MARKER, env.fresh(shipped_cache))
    wall(export, env.fresh(shipped_cache))
    floor_ff: list[float] = []
    ours_ff: list[float] = []
    second_ff: list[float] = []
    export_wall: list[float] = []
    for i in range(reps):
        pair: list[tuple[list[float], Callable[[], float]]] = [
            (floor_ff, lambda: first_frame(floor_app, FLOOR_MARKER, env.fresh())),
            (ours_ff, lambda: first_frame(app, OVERVIEW_MARKER, env.fresh(shipped_cache))),
            (second_ff, lambda: first_frame(second, OVERVIEW_MARKER, env.fresh(shipped_cache))),
            (export_wall, lambda: wall(export, env.fresh(shipped_cache))),
        ]
        for samples, measure in pair if i % 2 == 0 else pair[::-1]:
            samples.append(measure())
    rows.append(Row("13 sites: first frame", floor_ff, ours_ff, "s", 1.15))
    rows.append(
        Row(
            f"{SECOND_MISSION}: first frame",
            floor_ff,
            second_ff,
            "s",
            1.15,
            "the second mission, vs the same floor",
        )
    )
    rows.append(
        Row("13 sites: export txt", floor_ff, export_wall, "s", 0.5, "vs floor's first frame")
    )
    launch = paired(
        max(2, reps // 2),
        lambda: launch_bytes(floor_app, env.fresh(), FLOOR_MARKER),
        lambda: launch_bytes(app, env.fresh(shipped_cache), OVERVIEW_MARKER),
    )
    rows.append(
        Row(
            "13 sites: bytes from launch until quiet, 120x40",
            *launch,
            "B",
            1.5,
            "vs floor_app; quiet = 1 s without a byte",
        )
    )

    say("13 sites: CPU per Down key ...")
    cpu = paired(
        max(2, reps // 2),
        lambda: probe(python, env.fresh(), "keys", "floor", "12", str(sweeps), str(moves))[
            "median_ms"
        ],
        lambda: probe(
            python,
            env.fresh(shipped_cache),
            "keys",
            "project",
            str(SHIPPED),
            str(sweeps),
            str(moves),
        )["median_ms"],
    )
    rows.append(Row("13 sites: CPU per Down key (Bases)", *cpu, "ms", 1.5, "vs floor_table"))
    ours_cpu = cpu[1]

    say("13 sites: bytes per key, held and one at a time ...")
    to_bases = [("2", BASES_MARKER)]
    held = ["Down"] * 10 + ["Up"] * 10  # 20 presses, each one moving the cursor
    held_bytes = paired(
        2,
        lambda: bytes_per_key(floor_table, env.fresh(), FLOOR_MARKER, [], held, HELD_GAP),
        lambda: bytes_per_key(
            app, env.fresh(shipped_cache), OVERVIEW_MARKER, to_bases, held, HELD_GAP
        ),
    )
    rows.append(
        Row(
            "13 sites: held key on Bases, bytes per press",
            *held_bytes,
            "B",
            2.0,
            "20 presses 30 ms apart, vs floor_table",
        )
    )
    single = ["Down"] * 10
    for size in ((80, 24), SIZE, (200, 50)):
        lone = paired(
            2,
            lambda size=size: bytes_per_key(  # type: ignore[misc]
                floor_table, env.fresh(), FLOOR_MARKER, [], single, 0.2, size
            ),
            lambda size=size: bytes_per_key(  # type: ignore[misc]
                app, env.fresh(shipped_cache), OVERVIEW_MARKER, to_bases, single, 0.2, size
            ),
        )
        rows.append(
            Row(
                f"13 sites: lone Down key on Bases, bytes, {size[0]}x{size[1]}",
                *lone,
                "B",
                2.0,
                "0.2 s apart, vs floor_table",
            )
        )

    say("13 sites: peak RSS ...")
    rss = paired(
        3,
        lambda: probe(python, env.fresh(), "rss", "floor")["peak_rss_kib"] / 1024,
        lambda: (
            probe(python, env.fresh(shipped_cache), "rss", "project", str(SHIPPED))["peak_rss_kib"]
            / 1024
        ),
    )
    rows.append(Row("13 sites: peak RSS to first frame", *rss, "MiB", 1.3))

    if shutil.which("ssh") and shutil.which("ssh-keygen"):
        say("SSH: one session, then five at once, time to their first frames ...")
        server = SshServer(python, env.fresh(work / "ssh-cache"), work, SSH_SESSIONS)
        try:
            server.first_frames(1, OVERVIEW_MARKER)  # fills the server's cache
            ssh = paired(
                max(2, reps // 2),
                lambda: server.first_frames(1, OVERVIEW_MARKER),
                lambda: server.first_frames(SSH_SESSIONS, OVERVIEW_MARKER),
            )
        finally:
            server.stop()
        rows.append(
            Row(
                f"SSH: {SSH_SESSIONS} sessions at once, until all show their first frame",
                *ssh,
                "s",
                2.0,
                "vs one session alone, OpenSSH clients in tmux",
            )
        )
    else:
        notes.append("OpenSSH's ssh and ssh-keygen are not installed: the SSH row is skipped.")

    for count, path in big.items():
        label = f"{count:,} sites"
        large = count >= 100_000
        n = 1 if (large and quick) else (2 if large else reps)
        # Over the app's 64 MiB read limit at 100,000 sites: started with it lifted (unlimited.py).
        cli = [python, str(HERE / "unlimited.py")] if large else [python, "-m", "tui"]
        command = [*cli, "--no-watch", "--data", str(path)]
        big_export = [*cli, *export[3:], "--data", str(path)]
        say(f"{label}: first frame, cold and warm, export, floors ...")
        cold: list[float] = []
        warm: list[float] = []
        floors: list[float] = []
        parse: list[float] = []
        visi: list[float] = []
        exports: list[float] = []
        for i in range(n):
            cache = work / f"cache-{count}-{i}"
            floors.append(first_frame(floor_app, FLOOR_MARKER, env.fresh()))
            parse.append(toml_floor(python, env.fresh(), path)[0])
            cold.append(
                first_frame(
                    command,
                    OVERVIEW_MARKER,
                    env.fresh(cache),
                    timeout=600,
                    then=entry_written(cache),
                )
            )
            warm.append(first_frame(command, OVERVIEW_MARKER, env.fresh(cache)))
            if vd is not None:
                csv = str(path.with_suffix(".csv"))
                visi.append(first_frame([*vd, csv], VISIDATA_MARKER, env.fresh()))
            exports.append(wall(big_export, env.fresh(cache)))
        if vd is not None:
            rows.append(
                Row(
                    f"{label}: warm first frame",
                    visi,
                    warm,
                    "s",
                    1.5 if large else 1.0,
                    "vs visidata's first row, same rows as CSV",
                )
            )
        rows.append(Row(f"{label}: warm first frame", floors, warm, "s", None, "vs floor_app"))
        rows.append(
            Row(
                f"{label}: cold first frame",
                parse,
                cold,
                "s",
                None if large else 1.5,
                "vs tomllib's parse alone",
            )
        )
        if large:
            say(f"{label}: peak memory, cold ...")
            toml_rss = toml_floor(python, env.fresh(), path)[1]
            cold_rss = probe(python, env.fresh(), "rss", "project", str(path))["peak_rss_kib"]
            rows.append(
                Row(
                    f"{label}: cold peak memory",
                    [toml_rss],
                    [cold_rss / 1024],
                    "MiB",
                    2.0,
                    "vs tomllib's own",
                )
            )
            rows.append(Row(f"{label}: export txt", floors, exports, "s", 5.0, absolute=True))
            continue
        rows.append(
            Row(f"{label}: export txt", floors, exports, "s", 1.0, "vs floor's first frame")
        )
        say(f"{label}: idle CPU, CPU per Down key ...")
        watched = [python, "-m", "tui", "--data", str(path)]
        seconds = 5.0 if quick else 10.0
        cache = work / f"cache-{count}-0"
        idle_floor = idle_cpu(floor_app, FLOOR_MARKER, env.fresh(), seconds)
        idle = idle_cpu(watched, OVERVIEW_MARKER, env.fresh(cache), seconds)
        rows.append(
            Row(
                f"{label}: idle CPU (watching the file)",
                [idle_floor],
                [idle],
                "ms/s",
                3.0,
                "floor: floor_app",
                absolute=True,
            )
        )
        big_cpu = [
            probe(python, env.fresh(cache), "keys", "project", str(path), str(sweeps), str(moves))[
                "median_ms"
            ]
            for _ in range(max(1, reps // 2))
        ]
        rows.append(
            Row(f"{label}: CPU per Down key", ours_cpu, big_cpu, "ms", 1.5, "vs the 13-site figure")
        )
    if quick:
        notes.append("--quick: 3 repetitions, 100,000 sites skipped.")
    return rows, notes


def spread(samples: list[float], digits: int) -> str:
    """`median (min–max)`, or the one value."""
    middle = statistics.median(samples)
    if len(samples) < 2:
        return f"{middle:.{digits}f}"
    return f"{middle:.{digits}f} ({min(samples):.{digits}f}–{max(samples):.{digits}f})"


def table(rows: list[Row]) -> str:
    """The rows as a Markdown table: each median with its spread (min–max) over the samples, and
    the median of the paired ratios with theirs."""
    header = ("figure", "floor", "project", "ratio", "goal", "met?")
    lines = [header]
    for row in rows:
        digits = 0 if row.unit == "B" else (1 if row.unit in ("ms", "MiB", "ms/s") else 3)
        if row.goal is None:
            goal, met = "(report)", "—"
        elif row.absolute:
            goal = f"≤ {row.goal:g} {row.unit}"
            met = "yes" if row.project <= row.goal else "NO"
        else:
            goal = f"≤ {row.goal:g}×"
            met = "yes" if row.ratio <= row.goal else "NO"
        figure = row.figure + (f" ({row.note})" if row.note else "")
        lines.append(
            (
                figure,
                f"{spread(row.floors, digits)} {row.unit}",
                f"{spread(row.projects, digits)} {row.unit}",
                spread(row.ratios, 2) + "×",
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
    parser.add_argument(
        "--quick",
        action="store_true",
        help="fewer repetitions (3 instead of 5), 10,000 sites only (no 100,000)",
    )
    parser.add_argument("--python", default=sys.executable, help="interpreter to run the apps")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args(argv)
    if shutil.which("tmux") is None:
        print("run.py: tmux is needed (first frame and bytes per key)", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="minusma-bench-"))
    try:
        rows, notes = run(args.python, args.quick, work)
    except (BenchError, subprocess.CalledProcessError, OSError, ValueError) as exc:
        print(f"run.py: {exc}", file=sys.stderr)
        return 1
    finally:
        if args.keep:
            say(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    print(table(rows))
    for note in notes:
        print(f"\n{note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
