"""`minusma-tui export` and `tui.render.export.render`: every format, hostile strings, atomic
writes."""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from tests.conftest import FIXTURES, ROOT
from tui.cli import main
from tui.core.loader import load_dataset
from tui.core.model import Dataset
from tui.render import export, rows

AS_OF = dt.date(2023, 11, 20)
ANSI = re.compile(r"\x1b\[[0-9;]*m")
HOSTILE = (
    "[red]x",
    "[/]",
    "<script>alert(1)</script>",
    "| pipe |",
    "**bold**",
    "[bold]M[/bold] & <i>",
    "[blink]x[/blink] handed <b>over</b> | done",
    "esc␛[31mred␇bell",  # "esc\x1b[31mred\x07bell" in the file: the loader makes it visible
)
"""(A country is an ISO alpha-3 code since schema 2, checked by the loader: no markup there.)"""


@pytest.fixture(scope="module")
def hostile() -> Dataset:
    return load_dataset(FIXTURES / "hostile-export.toml")


def flat(text: str) -> str:
    """Whitespace (and SVG's no-break spaces) as single spaces, so wrapped lines read as one."""
    return re.sub(r"\s+", " ", text.replace("\xa0", " "))


class _HTMLText(HTMLParser):
    """The text a browser would show, and the tags it would build."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.starts: list[str] = []
        self.ends: list[str] = []
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.starts.append(tag)
        self.hrefs += [value or "" for name, value in attrs if name == "href"]

    def handle_endtag(self, tag: str) -> None:
        self.ends.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse_html(document: str) -> _HTMLText:
    parser = _HTMLText()
    parser.feed(document)
    parser.close()
    return parser


def svg_text(document: str) -> str:
    root = ET.fromstring(document)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert not [el for el in root.iter() if el.tag.rsplit("}", 1)[-1] in ("script", "a")]
    return "".join(root.itertext())


def markdown_html(document: str) -> str:
    return MarkdownIt("commonmark").enable("table").render(document)


def readable(fmt: str, output: str) -> str:
    """What a reader of each format sees, as flat text."""
    if fmt == "ansi":
        return flat(ANSI.sub("", output))
    if fmt == "html":
        return flat("".join(parse_html(output).text))
    if fmt == "svg":
        return flat(svg_text(output))
    if fmt == "md":
        return flat("".join(parse_html(markdown_html(output)).text))
    return flat(output)


# --- every format has what a reader needs ----------------------------------------------------


@pytest.mark.parametrize("fmt", export.FORMATS)
def test_each_format_has_the_figures_and_ansongo(
    fmt: str, dataset: Dataset, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "--format", fmt, "--site", "ansongo", "--as-of", "2023-11-20"]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    seen = readable(fmt, captured.out)
    for needed in ("8,817", "13,871", "63.6%", "9 of 13 sites closed", "Ansongo", "Kidal"):
        assert needed in seen, (fmt, needed)
    ansongo = dataset.site("ansongo")
    assert ansongo.projects
    for project in ansongo.projects:
        assert flat(project.title) in seen, (fmt, project.title)
    for site in dataset.sites:  # a table cell may wrap a long name; Markdown never does
        assert (site.name if fmt == "md" else site.name.split()[0]) in seen, (fmt, site.name)


def test_txt_is_the_default_on_stdout_without_escape_codes(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")  # even a terminal that begs for colour gets none
    assert main(["export", "--as-of", "2023-11-20"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("MINUSMA · United Nations")
    assert "\x1b" not in out
    assert all(line == line.rstrip() for line in out.splitlines())
    assert max(len(line) for line in out.splitlines()) <= 100


def test_ansi_keeps_colour_even_with_no_color(
    dataset: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")  # asking for ansi is asking for colour
    ansi = export.render(dataset, AS_OF, "ansi", site=dataset.site("ansongo"))
    assert "\x1b[1m" in ansi  # bold
    assert re.search(r"\x1b\[[0-9;]*38;[25];", ansi) or re.search(r"\x1b\[3[0-7]m", ansi)
    # The same words as the text export, only coloured, plus the map (braille, not in txt).
    plain = export.render(dataset, AS_OF, "txt", site=dataset.site("ansongo")).splitlines()
    coloured = iter(ln.rstrip() for ln in ANSI.sub("", ansi).splitlines())
    assert all(line in coloured for line in plain)  # every txt line, in order


def test_html_is_a_page_with_the_summary_in_a_pre(dataset: Dataset) -> None:
    page = export.render(dataset, AS_OF, "html", site=dataset.site("ansongo"))
    parsed = parse_html(page)
    assert parsed.starts[:3] == ["html", "head", "meta"]
    for tag in ("title", "pre", "code", "body"):
        assert parsed.starts.count(tag) == 1 and parsed.ends.count(tag) == 1, tag
    assert parsed.starts.count("span") == parsed.ends.count("span") > 0
    assert "MINUSMA withdrawal: the state on 2023-11-20 (Ansongo)" in "".join(parsed.text)


def test_svg_is_an_xml_image_with_a_title(dataset: Dataset) -> None:
    image = export.render(dataset, AS_OF, "svg")
    root = ET.fromstring(image)
    width, height = (float(v) for v in root.attrib["viewBox"].split()[2:])
    assert 1000 < width < 1400 and height > 1000  # 100 columns, many lines
    assert "MINUSMA withdrawal: the state on 2023-11-20" in flat(svg_text(image))


def _md_tables(document: str) -> dict[str, list[list[str]]]:
    """Each `## Section`'s table as rows of cells (split on unescaped pipes)."""
    tables: dict[str, list[list[str]]] = {}
    section = ""
    for line in document.splitlines():
        if line.startswith("## "):
            section = line[3:]
        elif line.startswith("|") and not line.startswith("|---"):
            cells = re.split(r"(?<!\\)\|", line)[1:-1]
            tables.setdefault(section, []).append([c.strip() for c in cells])
    return tables


def test_markdown_has_real_tables_one_row_per_site(dataset: Dataset) -> None:
    document = export.render(dataset, AS_OF, "md", site=dataset.site("ansongo"))
    sites = _md_tables(document)["Sites"]
    assert sites[0] == list(rows.SITE_COLUMNS)
    assert len(sites) - 1 == len(dataset.sites) == 13
    assert all(len(row) == 7 for row in sites)
    assert [row[1] for row in sites[1:]] == [
        export.md_escape(site.name, cell=True) for site in dataset.sites
    ]
    html = markdown_html(document)
    assert html.count("<table>") == 4  # phases, sites, events, sources
    sites_html = html.split("<h2>Sites</h2>")[1].split("</table>")[0]
    assert sites_html.count("<tr>") == 14  # header + 13
    assert "<h2>Ansongo</h2>" in html and "<h3>Projects and what is left behind</h3>" in html
    assert '<a href="https://africanews.it/english/' in html


@pytest.mark.parametrize("width", [60, 80, 100, 160])
def test_text_respects_the_width(width: int, dataset: Dataset) -> None:
    text = export.render(dataset, AS_OF, "txt", width, dataset.site("ansongo"))
    assert max(len(line) for line in text.splitlines()) <= width
    assert "8,817" in text


# --- hostile strings come out literally ------------------------------------------------------


@pytest.mark.parametrize("fmt", export.FORMATS)
def test_hostile_strings_come_out_literally(fmt: str, hostile: Dataset) -> None:
    output = export.render(hostile, AS_OF, fmt, width=200, site=hostile.site("red"))
    seen = readable(fmt, output)
    for value in HOSTILE:
        assert flat(value) in seen, (fmt, value)
    assert "\x1b[31mred" not in output and "\x07" not in output
    if fmt in ("txt", "ansi"):
        assert "[red]x" in output and "<script>" in output
    if fmt in ("html", "md"):
        page = output if fmt == "html" else markdown_html(output)
        parsed = parse_html(page)
        for tag in ("script", "b", "i", "strong", "a", "blink"):
            if fmt == "md" and tag in ("strong", "a"):
                continue  # the export's own bold labels and source links
            assert tag not in parsed.starts, (fmt, tag)
        assert not [h for h in parsed.hrefs if "evil" in h or h.startswith("javascript")]
    if fmt == "html":
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in output
    if fmt == "svg":
        assert "&lt;script&gt;" in output
        assert "<script" not in output


def test_hostile_markdown_escapes_and_keeps_the_table_shape(hostile: Dataset) -> None:
    document = export.render(hostile, AS_OF, "md", site=hostile.site("red"))
    for escaped in (r"\[red\]x", r"\[/\]", r"\<script\>alert(1)\</script\>", r"\| pipe \|"):
        assert escaped in document
    assert r"\*\*bold\*\*" in document
    sites = _md_tables(document)["Sites"]
    assert len(sites) - 1 == len(hostile.sites) == 5
    assert all(len(row) == 7 for row in sites)
    html = markdown_html(document)
    assert "<strong>bold</strong>" not in html
    assert "<h1>not a heading</h1>" not in html and "# not a heading" in html
    assert "javascript:alert(1)" in html and 'href="javascript' not in html
    # The one URL that is http(s) is a link, with its <e> percent-encoded, not markup.
    assert "<e>" not in html


def test_md_escape_round_trips_through_a_markdown_parser() -> None:
    for value in (*HOSTILE, "1. not a list", "- nor this", "# nor this", "    nor code", "a\nb"):
        html = markdown_html(export.md_escape(value, line_start=True))
        assert flat("".join(parse_html(html).text)).strip() == flat(value).strip(), value
        assert parse_html(html).starts == ["p"], value


# --- the command: site, output, errors -------------------------------------------------------


def test_unknown_site_lists_the_ids(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--site", "ansngo"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "unknown site 'ansngo' (did you mean 'ansongo'?)" in err
    assert "valid ids: ogossagou, ber, goundam" in err


def test_site_by_name_ignoring_case(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--site", "KIDAL", "--format", "md"]) == 0
    assert "## Kidal" in capsys.readouterr().out


def test_output_writes_the_file_and_names_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], dataset: Dataset
) -> None:
    target = tmp_path / "summary.md"
    assert main(["export", "-f", "md", "-o", str(target), "--as-of", "2023-11-20"]) == 0
    assert capsys.readouterr().err == f"minusma-tui export: wrote {target.resolve()}\n"
    assert target.read_text(encoding="utf-8") == export.render(dataset, AS_OF, "md")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["summary.md"]


def _existing(tmp_path: Path) -> Path:
    target = tmp_path / "summary.txt"
    target.write_text("the old summary\n")
    return target


@pytest.mark.parametrize(
    "patch",
    ["tui.core.files.os.replace", "tui.core.files.os.fsync"],
    ids=["rename fails", "disk full mid-write"],
)
def test_failed_write_keeps_the_old_file_and_leaves_no_temp_file(
    patch: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    target = _existing(tmp_path)

    def fail(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(patch, fail)
    assert main(["export", "-o", str(target)]) == 1
    err = capsys.readouterr().err
    assert err == (
        f"minusma-tui export: cannot write {target}: No space left on device; nothing was written\n"
    )
    assert target.read_text() == "the old summary\n"
    assert [p.name for p in tmp_path.iterdir()] == ["summary.txt"]


def test_missing_directory_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "nowhere" / "summary.txt"
    assert main(["export", "-o", str(target)]) == 1
    err = capsys.readouterr().err
    assert err == (
        f"minusma-tui export: cannot write {target}: the directory {target.parent} does not exist\n"
    )
    assert not target.parent.exists()


def test_directory_as_output_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "-o", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert (
        err == f"minusma-tui export: cannot write {tmp_path}: it is a directory; give a file name\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_permission_denied_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The same, simulated, for runs as root (where a read-only directory is writable)."""
    target = _existing(tmp_path)

    def denied(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr("tui.core.files._open_temp", denied)
    assert main(["export", "-o", str(target)]) == 1
    err = capsys.readouterr().err
    assert (
        err
        == f"minusma-tui export: cannot write {target}: Permission denied; nothing was written\n"
    )
    assert target.read_text() == "the old summary\n"


def test_broken_dataset_is_reported_not_rendered(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text("schema_version = 1\n")
    target = tmp_path / "out.txt"
    assert main(["--data", str(broken), "export", "-o", str(target)]) == 1
    assert "problem" in capsys.readouterr().err
    assert not target.exists()


# --- start-up cost ---------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", export.FORMATS)
def test_export_never_imports_textual(fmt: str, tmp_path: Path) -> None:
    code = (
        "import json, sys\n"
        "from tui.cli import main\n"
        f"rc = main(['export', '-f', {fmt!r}, '--site', 'ansongo', '--as-of', '2023-11-20'])\n"
        "heavy = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(json.dumps({'rc': rc, 'textual': heavy}), file=sys.stderr)\n"
    )
    env = {
        **os.environ,
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "MINUSMA_TUI_CONFIG": str(tmp_path / "config.toml"),
    }
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    report = json.loads(result.stderr.strip().splitlines()[-1])
    assert report == {"rc": 0, "textual": []}
    assert "8,817" in result.stdout and "Ansongo" in result.stdout


@pytest.mark.parametrize("width", [100, 120, 160])
def test_sites_table_never_cuts_a_word_in_two(width: int, dataset: Dataset) -> None:
    text = export.render(dataset, AS_OF, "txt", width)
    table = text.split("Sites (* = ordinal inferred")[1].split("Latest events")[0]
    tokens = set(table.split())
    for site, state in dataset.on(AS_OF).sites_on_state:
        for cell in rows.site_row(site, state, snap=dataset.on(AS_OF)):
            for word in cell.split():
                assert word in tokens, (width, word)


def test_the_markdown_legend_explains_the_disputed_mark(dataset: Dataset) -> None:
    """The md sites table showed † (Tessalit) but its legend explained only *."""
    text = export.render(dataset, AS_OF, "md")
    assert "vacated, no handover†" in text
    assert "† = status disputed." in text
