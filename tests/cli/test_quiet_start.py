"""No warning of a dependency's reaches the user: `serve` starts with its own lines only.

asyncssh (2.14 and later) names DSA types that cryptography (43 and later) deprecates, and each
use printed a `CryptographyDeprecationWarning` (five lines and their source) before the
server's first line: noise an operator can do nothing about.
"""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from tests.conftest import DATA, ROOT

from .test_terminals import DEADLINE, clean_env

pytest.importorskip("asyncssh")


def test_serve_starts_without_dependency_warnings() -> None:
    server = subprocess.Popen(
        [sys.executable, "-m", "tui", "--data", str(DATA), "serve", "--open", "--port", "0"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=clean_env(),
        cwd=ROOT,
        text=True,
    )
    said: list[str] = []
    try:
        assert server.stderr is not None
        end = time.monotonic() + DEADLINE
        while time.monotonic() < end:
            line = server.stderr.readline()
            if not line:
                break
            said.append(line)
            if "listening on" in line:
                break
    finally:
        # Only what it says until it listens matters here: no clean stop is waited for.
        server.kill()
        server.communicate(timeout=DEADLINE)
    assert any("listening on" in line for line in said), "".join(said)
    assert "Warning" not in "".join(said), "".join(said)
