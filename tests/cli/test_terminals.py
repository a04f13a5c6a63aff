"""The app in real terminals: each TERM a remote user may have, in a real pty with the real driver.

Textual's headless test driver never meets a TERM, so these run `python -m tui` in a pty (what
sshd, tmux or a terminal emulator gives it) and read the bytes it writes. Without a terminal (a
pipe, cron, `ssh host minusma-tui` without -t) or with TERM=dumb, the text summary is printed.
"""

from __future__ import annotations

import os
import pty
import re
import select
import struct
import subprocess
import sys
import time
from collections.abc import Callable

import pytest

if sys.platform == "win32":  # pragma: no cover
    pytest.skip("ptys are POSIX-only", allow_module_level=True)

import fcntl
import termios

from tests.conftest import ROOT

DATA = ROOT / "data" / "withdrawal.toml"
DEADLINE = 30.0
"""Seconds to wait for a marker (a loaded two-core CI machine is slow to start Textual)."""
ALT_SCREEN_OFF = b"\x1b[?1049l"

TRUECOLOR = re.compile(rb"\x1b\[[0-9;]*[34]8;2;")
PALETTE_256 = re.compile(rb"\x1b\[[0-9;]*[34]8;5;")
SGR = re.compile(rb"\x1b\[([0-9;]*)m")
COLOUR_PARAMS = {
    str(n).encode() for n in (*range(30, 39), *range(40, 49), *range(90, 98), *range(100, 108))
}


def clean_env(**extra: str) -> dict[str, str]:
    """The test's env (isolated XDG dirs) minus anything that picks colours or sizes for Textual."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("TERM", "COLORTERM", "NO_COLOR", "COLUMNS", "LINES", "FORCE_COLOR")
        and not key.startswith(("TEXTUAL", "SSH_", "TMUX", "MINUSMA_TUI_DATA"))
    }
    env["PYTHONPATH"] = str(ROOT)
    env.update(extra)
    return env


class PtyApp:
    """`python -m tui` in a pty of a given size; collects everything it writes."""

    def __init__(self, env: dict[str, str], *args: str, size: tuple[int, int] = (80, 24)) -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tui", "--data", str(DATA), *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            cwd=ROOT,
            start_new_session=True,
        )
        os.close(slave)
        self.output = bytearray()

    def read(self, timeout: float) -> int:
        """Read what arrives within `timeout` seconds; the number of bytes (-1 at end of output)."""
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return 0
        try:
            data = os.read(self.master, 65536)
        except OSError:
            return -1
        if not data:
            return -1
        self.output += data
        return len(data)

    def wait_for(self, check: Callable[[bytes], bool], what: str) -> None:
        end = time.monotonic() + DEADLINE
        while not check(bytes(self.output)):
            if time.monotonic() > end or (self.read(0.2) < 0 and not check(bytes(self.output))):
                pytest.fail(f"no {what} within {DEADLINE}s; got {bytes(self.output[-800:])!r}")

    def quit(self) -> int:
        """Press q and wait for the process; its exit status."""
        os.write(self.master, b"q")
        end = time.monotonic() + DEADLINE
        while time.monotonic() < end and self.read(0.2) >= 0:
            pass
        try:
            return self.proc.wait(timeout=max(end - time.monotonic(), 1))
        finally:
            os.close(self.master)

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def mission_shown(output: bytes) -> bool:
    return b"MINUSMA" in output and b"Help" in output  # the body and the footer


def first_frame_then_quit(extra: dict[str, str]) -> tuple[PtyApp, bytes]:
    """Start the app in a pty with `extra` in its environment, take its first frame, press q;
    the quit must exit 0. Returns the app (its whole output) and the first frame."""
    app = PtyApp(clean_env(**extra))
    try:
        app.wait_for(mission_shown, "first frame with the mission")
        first_frame = bytes(app.output)
        assert app.quit() == 0
    finally:
        app.kill()
    return app, first_frame


TERMS = ["xterm", "xterm-256color", "screen", "tmux-256color", "linux"]


@pytest.mark.parametrize("colorterm", [None, "truecolor"], ids=["no-COLORTERM", "COLORTERM"])
@pytest.mark.parametrize("term", TERMS)
def test_the_app_runs_in_each_terminal(term: str, colorterm: str | None) -> None:
    extra = {"TERM": term}
    if colorterm:
        extra["COLORTERM"] = colorterm
    app, first_frame = first_frame_then_quit(extra)
    if colorterm:
        assert TRUECOLOR.search(first_frame)
    elif term.endswith("-256color"):
        assert PALETTE_256.search(first_frame)
        assert not TRUECOLOR.search(first_frame)
    else:  # 16 colours: only the terminal's own palette (and the ansi-dark theme)
        assert not PALETTE_256.search(first_frame)
        assert not TRUECOLOR.search(first_frame)
    # A clean quit leaves the alternate screen: the user's shell comes back intact.
    assert ALT_SCREEN_OFF in app.output[len(first_frame) :]


COLOURLESS = {
    "NO_COLOR 256": {"TERM": "xterm-256color", "NO_COLOR": "1"},
    "NO_COLOR truecolor": {"TERM": "xterm-256color", "COLORTERM": "truecolor", "NO_COLOR": "1"},
    # Terminals whose terminfo entry has no colours: as if NO_COLOR were set.
    "vt100": {"TERM": "vt100"},
    "vt220": {"TERM": "vt220"},
}


@pytest.mark.parametrize("extra", list(COLOURLESS.values()), ids=list(COLOURLESS))
def test_no_color_runs_and_is_monochrome(extra: dict[str, str]) -> None:
    _app, first_frame = first_frame_then_quit(extra)
    # The terminal's own colours only, no palette, 256 or RGB colour at all (SGR 39 and 49 are
    # "default"); bold and reverse video mark what colour would; tests/cli/test_colours.py looks
    # at every tab, cell by cell.
    params = [p for group in SGR.findall(first_frame) for p in group.split(b";") if p]
    assert params
    assert not [p for p in params if p in COLOUR_PARAMS or p in (b"38", b"48")]
    # What colour would mark, bold and reverse video do: the active tab is bold (the Overview's
    # page has the keys from the first frame, and no cursor); the site table's cursor in reverse
    # video is checked cell by cell in tests/cli/test_colours.py.
    assert b"1" in params


def test_the_screen_is_quiet_while_idle() -> None:
    """After the first frame settles, nothing is sent: no clock, no blinking, no polling redraw."""
    app = PtyApp(clean_env(TERM="xterm-256color"), "--animations", "off")
    try:
        app.wait_for(mission_shown, "first frame with the mission")
        # Settle: the frame is done once a whole second passes without a byte.
        end = time.monotonic() + DEADLINE
        quiet_since = time.monotonic()
        while time.monotonic() - quiet_since < 1.0:
            assert time.monotonic() < end, "the screen never went quiet"
            if app.read(0.1) != 0:
                quiet_since = time.monotonic()
        idle_start = len(app.output)
        watch_end = time.monotonic() + 3.0
        while (left := watch_end - time.monotonic()) > 0:
            app.read(left)
        assert len(app.output) - idle_start == 0
        assert app.quit() == 0
    finally:
        app.kill()


# --- no terminal: the text summary ----------------------------------------------------------


def _summary_checks(stdout: str, stderr: str) -> None:
    assert "MINUSMA" in stdout
    assert "8,817" in stdout
    assert "\x1b[" not in stdout  # plain text, fit for a pipe or a mail from cron
    assert "ssh -t" in stderr


def test_without_a_terminal_the_summary_is_printed() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tui", "--data", str(DATA), "--as-of", "2023-11-20"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=clean_env(TERM="xterm-256color"),
        cwd=ROOT,
        timeout=DEADLINE,
    )
    assert result.returncode == 0
    _summary_checks(result.stdout, result.stderr)


@pytest.mark.parametrize("columns", [72, 130])
def test_term_dumb_in_a_real_pty_prints_the_summary_at_its_width(columns: int) -> None:
    """TERM=dumb on a real terminal (Emacs' shell, a serial console): the summary at the
    terminal's width, and one line that says why there is no dashboard, which is not that
    there is no terminal."""
    app = PtyApp(clean_env(TERM="dumb"), "--as-of", "2023-11-20", size=(columns, 24))
    try:
        end = time.monotonic() + DEADLINE
        while app.read(0.2) >= 0 and time.monotonic() < end:
            pass
        status = app.proc.wait(timeout=DEADLINE)
    finally:
        app.kill()
        os.close(app.master)
    text = app.output.decode("utf-8", "replace").replace("\r\n", "\n")
    assert status == 0
    assert "\x1b[?1049h" not in text  # never entered the full-screen UI
    assert "MINUSMA" in text
    assert "8,817" in text
    assert "\x1b[" not in text
    said = [line for line in text.splitlines() if line.startswith("minusma-tui:")]
    assert len(said) == 1, said
    assert "TERM=dumb" in said[0]
    assert "no terminal" not in said[0]
    summary = [line for line in text.splitlines() if not line.startswith("minusma-tui:")]
    widest = max(len(line) for line in summary)
    assert columns - 3 <= widest <= columns, (widest, text)
