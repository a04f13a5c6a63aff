"""`serve-web`'s command line: a clear error without the extra, loopback by default, a warning
when public without a token, and the limits it applies stated in its help and the README."""

from __future__ import annotations

import argparse
import builtins
import re
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tui import cli
from tui.cli_args import build_parser
from tui.core.config import Config
from tui.serve.web import run
from tui.serve.web.options import MESSAGE_FLOOR, TOKEN_ENV, WebOptions, is_loopback, origin_of

TOKEN = "correct-horse-battery-staple"


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


def _args(*argv: str) -> argparse.Namespace:
    return build_parser().parse_args(["serve-web", *argv])


def test_loopback_by_default_with_the_served_dataset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(TOKEN_ENV, raising=False)
    options = run.options_from_args(_args("--as-of", "2023-11-20"), Config())
    assert (options.host, options.port, options.token) == ("127.0.0.1", 8000, None)
    argv = list(options.base_args)
    assert argv[argv.index("--as-of") + 1] == "2023-11-20"
    assert argv[argv.index("--data") + 1].endswith("withdrawal.toml")
    assert options.origins(8000) == {
        "http://127.0.0.1:8000",
        "http://localhost:8000",
        "http://[::1]:8000",
    }


def test_public_url_and_extra_origins_are_allowed() -> None:
    options = run.options_from_args(
        _args(
            "--host",
            "0.0.0.0",
            "--public-url",
            "https://Mali.example.org:443/m/",
            "--allow-origin",
            "http://intranet.example:8080",
        ),
        Config(),
    )
    assert options.origins(8000) == {"https://mali.example.org", "http://intranet.example:8080"}


def test_every_address_needs_the_address_browsers_use(capsys) -> None:
    assert cli.main(["serve-web", "--host", "0.0.0.0"]) == 2
    assert "--public-url" in capsys.readouterr().err


def test_public_host_without_a_token_warns(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.delenv(TOKEN_ENV, raising=False)
    served: list[WebOptions] = []

    async def fake_serve(options: WebOptions, static: Path) -> None:
        served.append(options)

    monkeypatch.setattr(run, "_serve_until_stopped", fake_serve)
    argv = ["serve-web", "--host", "192.0.2.1", "--public-url", "https://x.org/m"]
    assert cli.main(argv) == 0
    assert "without a token" in capsys.readouterr().err
    monkeypatch.setenv(TOKEN_ENV, TOKEN)
    assert cli.main(argv) == 0
    assert "warning" not in capsys.readouterr().err
    assert served[-1].token == TOKEN


def test_the_token_comes_from_a_file_or_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setenv(TOKEN_ENV, "from-the-environment-1234")
    token_file = tmp_path / "token"
    token_file.write_text(TOKEN + "\n")
    assert run.read_token(_args()) == "from-the-environment-1234"
    assert run.read_token(_args("--token-file", str(token_file))) == TOKEN
    token_file.write_text("short\n")
    assert cli.main(["serve-web", "--token-file", str(token_file)]) == 2
    assert "at least 16 characters" in capsys.readouterr().err
    assert cli.main(["serve-web", "--token-file", str(tmp_path / "missing")]) == 2
    assert "cannot read the token file" in capsys.readouterr().err


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
    assert is_loopback(host) is loopback


def test_origins_as_browsers_send_them() -> None:
    assert origin_of("http://Example.org:80/x") == "http://example.org"
    assert origin_of("https://example.org:8443") == "https://example.org:8443"
    assert origin_of("http://[::1]:8000/") == "http://[::1]:8000"


def test_served_session_draws_without_a_tty(monkeypatch: pytest.MonkeyPatch) -> None:
    from tui.core.config import has_terminal

    monkeypatch.setenv("TEXTUAL_DRIVER", "textual.drivers.web_driver:WebDriver")
    assert has_terminal()


def _stated_limits() -> list[str]:
    """WebOptions' defaults, as the help and the README word them."""
    o = WebOptions(base_args=())
    return [
        f"{o.max_columns}x{o.max_rows}",
        f"{o.max_message // 1024} KiB",
        f"{o.input_rate // 1024} KiB/s after a {o.input_burst // 1024} KiB burst",
        f"at least {MESSAGE_FLOOR} bytes",
        f"{o.app_memory // (1024 * 1024)} MiB",
        f"{o.send_timeout:g} s",
    ]


def test_help_states_the_limits_it_applies(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["serve-web", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    for limit in _stated_limits():
        assert limit in text, limit
    o = WebOptions(base_args=())
    assert f"(default {o.max_sessions})" in text and f"(default {o.idle_timeout:g})" in text


def test_readme_states_the_same_limits() -> None:
    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index("## In a browser") :]
    section = " ".join(section[: section.index("\n## ")].split())
    section = re.sub(r"[`*]", "", section).replace("×", "x")
    for limit in _stated_limits():
        assert limit in section, limit
