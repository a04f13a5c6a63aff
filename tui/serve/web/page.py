"""The pages a browser gets: the dashboard's page, and the short ones that say why not.

The dashboard's page runs textual-serve's terminal (`textual.js`, xterm.js) and nothing else:
every file it loads comes from this server (the font too, which textual-serve's own page fetched
from an outside CDN: a page that waited for it took as long as that CDN did to answer or fail,
30 s in Chromium when it never answers). The files are textual-serve's, served one by one from a
fixed list: no directory is ever listed.
"""

from __future__ import annotations

import html
from pathlib import Path
from string import Template

STATIC_FILES = {
    "js/textual.js": "text/javascript",
    "css/xterm.css": "text/css",
    "fonts/RobotoMono-VariableFont_wght.ttf": "font/ttf",
    "fonts/RobotoMono-Italic-VariableFont_wght.ttf": "font/ttf",
}
"""The only files under /static/ (from textual-serve's package), with their types."""
FONT = "fonts/RobotoMono-VariableFont_wght.ttf"

_PAGE = Template(
    """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>$title</title>
<link rel="icon" href="data:,">
<link rel="preload" href="${static}$font" as="font" type="font/ttf" crossorigin>
<link rel="stylesheet" href="${static}css/xterm.css">
<style>
@font-face {
  font-family: "Roboto Mono";
  src: url("${static}$font") format("truetype");
  font-weight: 100 700;
  font-display: block;
}
@font-face {
  font-family: "Roboto Mono";
  src: url("${static}fonts/RobotoMono-Italic-VariableFont_wght.ttf") format("truetype");
  font-weight: 100 700;
  font-style: italic;
  font-display: block;
}
html, body { margin: 0; height: 100%; background: #0c181f; }
body { color: rgba(255, 255, 255, 0.95); font: 16px "Roboto Mono", monospace; }
.textual-terminal { width: 100vw; height: 100vh; opacity: 0; }
body.-first-byte .textual-terminal { opacity: 1; }
.dialog { position: absolute; inset: 0; display: flex; align-items: center;
  justify-content: center; z-index: 10; text-align: center; }
body.-first-byte .intro, .closed, #start { display: none; }
body.-closed .closed, #start.-delay { display: flex; }
.dialog div { padding: 32px; background: #12232d; }
button { padding: 16px 32px; margin: 16px auto 0; display: block; border: none;
  background: #5e0ba7; color: inherit; font: inherit; cursor: pointer; }
</style>
<script src="${static}js/textual.js"></script>
<script>
// textual.js shows "Session ended." whatever the reason: show the server's, when it gave one
// (the dashboard is full, closed after a long time without input, the server is stopping).
window.WebSocket = class extends window.WebSocket {
  constructor(...args) {
    super(...args);
    this.addEventListener("close", (event) => {
      if (event.reason) document.querySelector(".closed .message").textContent = event.reason;
    });
  }
};
function refresh() {
  const params = new URLSearchParams(window.location.search);
  params.delete("delay");
  window.location.href = window.location.pathname + "?" + params.toString();
}
</script>
</head>
<body>
<div class="dialog intro"><div>$title
<button type="button" onclick="refresh()" id="start">Start</button></div></div>
<div class="dialog closed"><div><span class="message">Session ended.</span>
<button type="button" onclick="refresh()">Restart</button></div></div>
<div id="terminal" class="textual-terminal"
  data-session-websocket-url="$websocket" data-font-size="$font_size"></div>
<script>
// Keyboard first: the terminal takes the keys as soon as its session is open, as a terminal
// window does. Until then the app is told it is in the background (Textual's web driver starts
// it so), and Textual hides the footer's keys from an app in the background.
new MutationObserver((changes, observer) => {
  if (document.body.classList.contains("-loaded")) {
    observer.disconnect();
    const keys = document.querySelector("#terminal .xterm-helper-textarea");
    if (keys) keys.focus();
  }
}).observe(document.body, {attributes: true, attributeFilter: ["class"]});
</script>
</body>
</html>
"""
)

_NOTICE = Template(
    """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>$title</title>
<link rel="icon" href="data:,">
<style>body { background: #0c181f; color: rgba(255, 255, 255, 0.95);
  font: 18px/1.5 monospace; max-width: 40em; margin: 15vh auto; padding: 0 1em; }</style>
</head>
<body><h1>$title</h1><p>$text</p></body>
</html>
"""
)


def dashboard_page(title: str, static_url: str, websocket_url: str, font_size: int) -> str:
    """The page that runs the terminal; `static_url` ends with a slash."""
    return _PAGE.substitute(
        title=html.escape(title),
        static=html.escape(static_url),
        font=FONT,
        websocket=html.escape(websocket_url),
        font_size=font_size,
    )


def notice_page(title: str, text: str) -> str:
    """A short page that says why there is no dashboard (full, no token...)."""
    return _NOTICE.substitute(title=html.escape(title), text=html.escape(text))


def static_dir() -> Path | None:
    """textual-serve's static files, or None if it is not installed."""
    try:
        import textual_serve
    except ImportError:
        return None
    return Path(textual_serve.__file__).resolve().parent / "static"
