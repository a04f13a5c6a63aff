"""`serve-web`: a clear error without the extra, loopback by default, a warning otherwise."""

from __future__ import annotations

import builtins
import shlex
import sys

import pytest

from tui import cli
from tui.core.config import SERVED_ENV
from tui.serve import web


def test_missing_extra_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    real_import = builtins.__import__

    def no_textual_serve(name: str, *args, **kwargs):  # type: ignore[no-untyped-def]
        if name.startswith("textual_serve"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_textual_serve)
    assert cli.main(["serve-web"]) == 2
    err = capsys.readouterr().err
    assert "[web]" in err and "pip install" in err


class FakeServer:
    seen: dict[str, object] = {}

    def __init__(self, command: str, **kwargs: object) -> None:
        FakeServer.seen = {"command": command, **kwargs}

    def serve(self) -> None:
        pass


@pytest.fixture
def fake_server(monkeypatch: pytest.MonkeyPatch) -> type[FakeServer]:
    pytest.importorskip("textual_serve")
    import textual_serve.server

    monkeypatch.setattr(textual_serve.server, "Server", FakeServer)
    monkeypatch.delenv(SERVED_ENV, raising=False)
    return FakeServer


def test_loopback_by_default(fake_server: type[FakeServer], capsys, monkeypatch) -> None:
    assert cli.main(["serve-web", "--as-of", "2023-11-20"]) == 0
    seen = fake_server.seen
    assert seen["host"] == "127.0.0.1" and seen["port"] == 8000
    argv = shlex.split(str(seen["command"]))
    assert argv[:3] == [sys.executable, "-m", "tui"]
    assert argv[argv.index("--as-of") + 1] == "2023-11-20"
    assert argv[argv.index("--data") + 1].endswith("withdrawal.toml")
    assert "warning" not in capsys.readouterr().err
    import os

    assert os.environ.get(SERVED_ENV) == "1"  # sessions inherit it


def test_public_host_warns(fake_server: type[FakeServer], capsys) -> None:
    assert cli.main(["serve-web", "--host", "0.0.0.0", "--public-url", "https://x.org/m"]) == 0
    assert "reverse proxy with authentication" in capsys.readouterr().err
    assert fake_server.seen["public_url"] == "https://x.org/m"


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("::1", True),
        ("localhost", True),
        ("0.0.0.0", False),
        ("example.org", False),
    ],
)
def test_is_loopback(host: str, loopback: bool) -> None:
    assert web.is_loopback(host) is loopback


def test_served_session_draws_without_a_tty(monkeypatch: pytest.MonkeyPatch) -> None:
    from tui.core.config import has_terminal

    monkeypatch.setenv("TEXTUAL_DRIVER", "textual.drivers.web_driver:WebDriver")
    assert has_terminal()
