"""`minusma-tui serve`: the dashboard over SSH, one pty and one app process per session.

Modules: `options` (what the server was asked for; no asyncssh), `hostkey` (the persistent key),
`session` (one SSH session = one pty + one app process), `backlog` (how much output a client has
not taken yet, and when to hold the app for it), `app_launch` (the app's environment, command
line and pty size), `launcher` (starts an app: forked by the zygote, or spawned), `zygote` (the
process that forks the apps: its loop, and what a forked app does first), `server` (auth, limits,
logging), and `child` (a spawned app's entry point). Only `tui.serve.ssh.run` imports this
package, and only after it has checked that the optional `[ssh]` extra (asyncssh) is installed;
the zygote's process runs `tui.serve_zygote`, which imports `zygote` and the app.
"""
