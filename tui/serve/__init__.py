"""The servers: `ssh/` (`minusma-tui serve`, one pty and one app process per session) and
`web` (`minusma-tui serve-web`, through textual-serve).
"""
