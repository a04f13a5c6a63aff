"""The summary in five formats, and the `minusma-tui export` command. No Textual import.

txt, ansi, html and svg are the same Rich renderables (`tui.render.summary.summary`) printed on a
recording Console; md is written by hand from the same row helpers, because a Markdown reader
wants real tables, not box drawing in a code block. The app's export dialog calls `render` too,
so the CLI and the app write the same bytes for the same date, site and width.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import re
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from rich.style import Style
from rich.terminal_theme import DEFAULT_TERMINAL_THEME, SVG_EXPORT_THEME
from rich.text import Text

from tui.core.config import Config, resolve_data_path
from tui.core.files import ReadOnlyFile, expand_user, reason, visible_line, write_atomic
from tui.core.model import Dataset, Site, Snapshot
from tui.core.opening import load_or_report
from tui.core.suggest import closest
from tui.render.figures import (
    KNOWN_LABEL,
    next_step_text,
    personnel_excludes,
    personnel_line,
    sites_line,
    sites_note,
)
from tui.render.hindsight import hindsight_note
from tui.render.rows import SITE_COLUMNS, event_row, phase_rows, site_row, source_row
from tui.render.site_detail import LEFT_BEHIND, left_behind, site_facts, site_sections
from tui.render.summary import SUMMARY_EVENTS, cited_in, recording_console, render_text, summary
from tui.render.tables import SITES_TITLE_DISPUTED, sites_title
from tui.render.words import DISPUTED_LEGEND, UNKNOWN, fmt_date

FORMATS: tuple[str, ...] = ("txt", "ansi", "html", "svg", "md")
SUFFIXES: dict[str, str] = {
    "txt": ".txt",
    "ansi": ".ans",
    "html": ".html",
    "svg": ".svg",
    "md": ".md",
}
DESCRIPTIONS: dict[str, str] = {
    "txt": "plain text, no colour: a pager, an email, a ticket",
    "ansi": "text with colour codes: `less -R`, a terminal",
    "html": "a web page (the text in a <pre> block)",
    "svg": "an image of the text, as a terminal shows it",
    "md": "Markdown with real tables: a wiki, an issue",
}
DEFAULT_WIDTH = 100
DATA_FORMATS: tuple[str, ...] = ("csv", "json")
"""The data rather than the summary (`tui.core.data_export`): only the command line writes them."""


class ExportError(Exception):
    """A problem a user can fix (a bad site id, an unwritable path): one line, no traceback."""


# --- rendering -------------------------------------------------------------------------------


def title(
    dataset: Dataset, as_of: dt.date, site: Site | None = None, *, known: bool = False
) -> str:
    """The document's title: `MINUSMA withdrawal: the state on 2023-11-20 (Ansongo)`, and
    `, as known then` in that mode."""
    text = f"{dataset.mission.name} withdrawal: the state on {fmt_date(as_of)}"
    text += f", {KNOWN_LABEL}" if known else ""
    return text + (f" ({site.name})" if site else "")


def render(
    dataset: Dataset,
    as_of: dt.date,
    fmt: str = "txt",
    width: int = DEFAULT_WIDTH,
    site: Site | None = None,
    *,
    known: bool = False,
) -> str:
    """The summary on `as_of` (with `site` in full, if given) as a document in format `fmt`;
    with `known`, as known then (only what sources published by then report)."""
    if fmt == "md":
        return render_markdown(dataset, as_of, site, known=known)
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    if fmt == "txt":
        return render_text(dataset, as_of, width=width, site=site, known=known)
    console = recording_console(width, colour=True)
    console.print(summary(dataset, as_of, site, include_map=True, known=known))
    if fmt == "ansi":
        # The file the console wrote to holds the text with its escape codes.
        assert isinstance(console.file, io.StringIO)  # recording_console's
        return console.file.getvalue()
    if fmt == "html":
        return console.export_html(
            theme=DEFAULT_TERMINAL_THEME,
            inline_styles=True,
            code_format=_html_page(title(dataset, as_of, site, known=known)),
        )
    return console.export_svg(
        title=title(dataset, as_of, site, known=known), theme=SVG_EXPORT_THEME
    )


def _html_page(page_title: str) -> str:
    """Rich's HTML page plus a <title>, a language and a viewport (format placeholders kept)."""
    from html import escape

    safe_title = escape(page_title).replace("{", "{{").replace("}", "}}")
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="UTF-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{safe_title}</title>\n"
        "<style>\nbody {{ color: {foreground}; background-color: {background}; }}\n"
        "pre {{ font-family: Menlo, 'DejaVu Sans Mono', consolas, 'Courier New', monospace; }}\n"
        "</style>\n</head>\n<body>\n"
        '<pre><code style="font-family:inherit">{code}</code></pre>\n'
        "</body>\n</html>\n"
    )


# --- Markdown ----------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~]|&(?=#?\w+;))")
_MD_BLOCK = re.compile(r"^([-+=#])")
_MD_ORDERED = re.compile(r"^(\d+)([.)])")
_URL = re.compile(r"(?i)https?://[^\s<>\x00-\x1f\x7f]+")


def md_escape(value: str, *, cell: bool = False, line_start: bool = False) -> str:
    """`value` as literal Markdown text: every character that could start markup is escaped.

    Line breaks become `<br>` in a table cell (a raw newline would end the row) and a space
    elsewhere, so a value never starts a heading or a list of its own; `line_start` also
    escapes what would do so at the start of a line (`# x`, `- x`, `1. x`, an indent).
    """
    lines = _MD_SPECIAL.sub(r"\\\1", value).splitlines() or [""]
    text = "<br>".join(line.strip() for line in lines) if cell else " ".join(lines)
    if line_start:
        text = _MD_BLOCK.sub(r"\\\1", text.lstrip())
        text = _MD_ORDERED.sub(r"\1\\\2", text)
    return text


def md_text(text: Text, *, line_start: bool = False) -> str:
    """A Rich Text as Markdown: its bold spans in `**`, everything else escaped."""
    plain = text.plain
    whole = bool(text.style) and Style.parse(str(text.style)).bold
    bold = [whole] * len(plain)
    for span in text.spans:
        style = span.style if isinstance(span.style, Style) else Style.parse(str(span.style))
        if style.bold:
            for i in range(span.start, min(span.end, len(plain))):
                bold[i] = True
    out: list[str] = []
    start = 0
    for i in range(1, len(plain) + 1):
        if i == len(plain) or bold[i] != bold[start]:
            run = plain[start:i]
            first = line_start and start == 0
            if bold[start] and run.strip():
                # `** x**` is not bold in CommonMark: keep the spaces outside the markers.
                lead = run[: len(run) - len(run.lstrip())]
                trail = run[len(run.rstrip()) :]
                out.append(f"{lead}**{md_escape(run.strip())}**{trail}")
            else:
                out.append(md_escape(run, line_start=first))
            start = i
    return "".join(out)


def md_link(url: str | None) -> str:
    """A source's URL as an autolink if http(s), else as escaped text (never `javascript:`)."""
    if not url:
        return UNKNOWN
    if _URL.fullmatch(url):
        return f"<{url}>"
    return md_escape(url, cell=True)


def md_table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    """A GitHub/CommonMark table; `rows` must already be escaped cell text."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def _cite(sources: Iterable[str]) -> str:
    sources = tuple(sources)
    return f" \\[{md_escape(', '.join(sources))}\\]" if sources else ""


def render_markdown(
    dataset: Dataset, as_of: dt.date, site: Site | None = None, *, known: bool = False
) -> str:
    """The summary as a Markdown document: the same content as the text, with real tables."""
    snap = dataset.on(as_of, known)
    mission = dataset.mission
    mode = f" ({KNOWN_LABEL})" if known else ""
    out: list[str] = [
        f"# {md_escape(title(dataset, as_of, site, known=known))}",
        "",
        f"{md_escape(mission.name)}: {md_escape(mission.full_name)}.",
        f"As of **{fmt_date(as_of)}**{mode}. Phase: {md_escape(snap.phase_label)}.",
        "",
        "## Progress",
        "",
        f"- **Sites:** {md_escape(sites_line(snap))}",
        f"- **Personnel:** {md_escape(personnel_line(snap))}"
        + (_cite(snap.cites(snap.personnel.sources)) if snap.personnel else ""),
    ]
    excludes = personnel_excludes(snap)
    if excludes:
        out.append(f"- {md_escape(excludes)}")
    note = sites_note(snap)
    if note is not None:
        out.append(f"- {md_text(note)}")
    out += [f"- {md_text(next_step_text(snap))}", ""]

    out += ["## By phase", ""]
    out += md_table(
        ("Phase", "Dates", "Sites closed"),
        (
            (md_escape(name, cell=True), span, closed)
            for name, span, closed, _bar in phase_rows(snap)
        ),
    )
    site_rows = [site_row(site_, state, snap=snap) for site_, state in snap.sites_on_state]
    legend = "\\* = ordinal inferred: no source states it."
    if sites_title(site_rows) == SITES_TITLE_DISPUTED:
        legend += f" {DISPUTED_LEGEND}."  # the same words as the txt table's title
    out += ["", "## Sites", "", legend, ""]
    out += md_table(SITE_COLUMNS, ([md_escape(c, cell=True) for c in r] for r in site_rows))
    out += ["", f"## {LEFT_BEHIND}", ""]
    listed, missing = left_behind(snap)
    for site_, items in listed:
        what = "; ".join(md_escape(item.text) + _cite(item.sources) for item in items)
        out.append(f"- **{md_escape(site_.name)}:** {what}")
    if missing:
        out.append(f"- {md_escape(missing)}")
    out += ["", "## Latest events", ""]
    out += md_table(
        ("Date", "Event", "Sources"),
        (
            [md_escape(cell, cell=True) for cell in event_row(e)]
            for e in snap.latest_events(SUMMARY_EVENTS)
        ),
    )
    if site is not None:
        out += ["", *_markdown_site(snap, site)]
    out += ["", "## Sources", ""]
    rows = []
    for sid in cited_in(snap, site):
        sid_, name, publisher, date, _url, facts = source_row(snap, sid)
        rows.append(
            [md_escape(x, cell=True) for x in (sid_, name, publisher, date)]
            + [md_link(dataset.sources[sid].url), facts]
        )
    out += md_table(("Id", "Title", "Publisher", "Date", "URL", "Facts"), rows)
    hindsight = hindsight_note(snap, dataset.on(snap.as_of, False), "--known")
    if hindsight:
        out += ["", md_escape(hindsight)]
    return "\n".join(out) + "\n"


def _markdown_site(snap: Snapshot, site: Site) -> list[str]:
    out = [f"## {md_escape(site.name)}", ""]
    out += [f"- **{label}:** {md_text(value)}" for label, value in site_facts(snap, site)]
    for heading, lines in site_sections(snap, site):
        out += ["", f"### {heading}", ""]
        for line in lines:
            if line.kind == "para":  # keep its line breaks, each line escaped on its own
                parts = line.text.split("\n")
                body = "\\\n".join(md_text(part, line_start=True) for part in parts)
            else:
                body = md_text(line.text)
            body += _cite(line.sources)
            if line.kind == "para":
                out += [body, ""]
            elif line.kind == "item":
                out.append(f"- {body}")
            else:  # a dispute's claims and what the dataset uses, under the dispute
                out.append(f"  - {body}")
        if out[-1] == "":
            out.pop()
    return out


# --- the command -----------------------------------------------------------------------------


def find_site(dataset: Dataset, wanted: str) -> Site:
    """A site by id, or by name ignoring case; else an error that lists the ids."""
    if wanted in dataset.site_index:
        return dataset.site_index[wanted]
    folded = wanted.casefold()
    for site in dataset.sites:
        if folded in (site.id.casefold(), site.name.casefold()):
            return site
    ids = [site.id for site in dataset.sites]
    close = closest(folded, ids)
    hint = f" (did you mean {close!r}?)" if close else ""
    raise ExportError(f"unknown site {wanted!r}{hint}; valid ids: {', '.join(ids)}")


def write_file(
    path: Path, content: str, *, force: bool = False, force_option: str | None = None
) -> Path:
    """Write atomically; turn any OSError into an ExportError that says what to fix.

    Nothing is checked ahead (a check and the write can disagree, and a check of a name too long
    raises too): the write refuses what it must, and each way it fails gets its own words. A
    read-only file is replaced only with `force`; its refusal names `force_option` (the CLI's
    --force), if the caller has one.
    """
    path = expand_user(path)
    try:
        return write_atomic(path, content, replace_read_only=force)
    except OSError as exc:
        failure = _write_failure(path, exc)
        if isinstance(exc, ReadOnlyFile) and force_option:
            failure += f" ({force_option} replaces it)"
        raise ExportError(f"cannot write {visible_line(path)}: {failure}") from None


def _write_failure(path: Path, exc: OSError) -> str:
    """Why a write failed, in words that say what to do; "nothing was written" when it was tried."""
    if isinstance(exc, ReadOnlyFile):
        return "it is read-only; nothing was written"
    if isinstance(exc, IsADirectoryError):
        return "it is a directory; give a file name"
    if isinstance(exc, FileNotFoundError):
        return f"the directory {visible_line(exc.filename or path.parent)} does not exist"
    return f"{reason(exc, path)}; nothing was written"  # incl. "is a FIFO, not a regular file"


def render_comparison(
    datasets: Sequence[Dataset], as_of: dt.date, fmt: str, width: int = DEFAULT_WIDTH
) -> str:
    """The missions' drawdowns compared as of `as_of` (`export --compare`), in `fmt`: the same
    chart, legend and sources as the Compare tab."""
    from tui.render.compare import render_compare

    heading = f"Drawdowns compared, days from each withdrawal decision, as of {fmt_date(as_of)}"
    console = recording_console(width, colour=fmt not in ("txt", "md"))
    console.print(render_compare(datasets, width, as_of=as_of))
    if fmt == "txt":
        return f"As of {fmt_date(as_of)}\n{console.export_text()}"
    if fmt == "md":
        return f"# {md_escape(heading)}\n\n```text\n{console.export_text()}```\n"
    if fmt == "ansi":
        assert isinstance(console.file, io.StringIO)  # recording_console's
        return console.file.getvalue()
    if fmt == "html":
        return console.export_html(
            theme=DEFAULT_TERMINAL_THEME, inline_styles=True, code_format=_html_page(heading)
        )
    return console.export_svg(title=heading, theme=SVG_EXPORT_THEME)


def _compared(dataset: Dataset) -> list[Dataset]:
    """Every bundled mission, with the dataset in use in its file's place (or first, if it is
    a file of the user's own)."""
    from tui.core.cache import load_dataset_cached
    from tui.core.compare import with_shown
    from tui.core.missions import bundled

    return list(with_shown([load_dataset_cached(m.path) for m in bundled()], dataset))


def run_export(args: argparse.Namespace, config: Config) -> int:
    """`minusma-tui export`: 0 when written, 1 if the data or the output fails, 2 for a bad site."""
    dataset = load_or_report(resolve_data_path(args.data, config))
    if dataset is None:
        return 1
    try:
        site = find_site(dataset, args.site) if args.site else None
    except ExportError as exc:
        print(f"minusma-tui export: {exc}", file=sys.stderr)
        return 2
    as_of = args.as_of or dataset.latest_date
    table = getattr(args, "table", None)
    if table is not None and args.format != "csv":
        print("minusma-tui export: --table is for --format csv", file=sys.stderr)
        return 2
    if getattr(args, "compare", False):
        if args.format in DATA_FORMATS or site is not None:
            print(
                "minusma-tui export: --compare draws a chart: not with csv, json or --site",
                file=sys.stderr,
            )
            return 2
        text = render_comparison(_compared(dataset), as_of, args.format, args.width)
    elif args.format in DATA_FORMATS:
        from tui.core import data_export

        if args.format == "json":
            text = data_export.render_json(dataset, as_of, known=args.known, site=site)
        else:
            table = table or data_export.DEFAULT_TABLE
            text = data_export.render_csv(dataset, as_of, table, known=args.known, site=site)
    else:
        text = render(dataset, as_of, args.format, args.width, site, known=args.known)
    if args.output in (None, "-"):
        return _to_stdout(text)
    try:
        written = write_file(Path(args.output), text, force=args.force, force_option="--force")
    except ExportError as exc:
        print(f"minusma-tui export: {exc}", file=sys.stderr)
        return 1
    print(f"minusma-tui export: wrote {visible_line(written)}", file=sys.stderr)
    return 0


def _to_stdout(text: str) -> int:
    try:
        try:
            sys.stdout.write(text)
        except UnicodeEncodeError:
            # A C/POSIX locale cannot encode the box drawing: write the UTF-8 bytes instead.
            sys.stdout.flush()
            sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.flush()
    except BrokenPipeError:
        # `minusma-tui export | head`: the reader left; that is not an error. Point stdout at
        # devnull so the interpreter's final flush does not complain (Python's documented recipe).
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return 0
