"""The servers: `ssh/` (`minusma-tui serve`, one pty and one app process per session) and
`web/` (`minusma-tui serve-web`, one websocket and one app process per browser tab, drawn by
textual-serve's terminal).
"""
