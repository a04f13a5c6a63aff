"""The server's host key: generated once, kept with mode 0600, reused at every start.

Clients remember the key on first connection; a new key at each restart would make OpenSSH shout
"REMOTE HOST IDENTIFICATION HAS CHANGED" at every user.
"""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

import asyncssh

log = logging.getLogger("minusma_tui.serve")

HOST_KEY_NAME = "ssh_host_ed25519_key"


class HostKeyError(Exception):
    """The host key cannot be read or created; the message says what to do."""


def default_host_key_path() -> Path:
    from tui.core.config import data_dir
    from tui.core.places import NoHome

    try:
        return data_dir() / HOST_KEY_NAME
    except NoHome as exc:
        raise HostKeyError(
            f"no home directory to keep the host key in ({exc.strerror}): "
            "give --host-key PATH, or set HOME or XDG_DATA_HOME"
        ) from None


def load_or_create(path: Path | None) -> asyncssh.SSHKey:
    """Read the host key; create the default one (ed25519, 0600) if it does not exist yet.

    An explicit `--host-key` must exist: silently generating a key at a path the operator typed
    (perhaps with a typo) would hide the mistake until users see a changed host key.
    """
    explicit = path is not None
    key_path = path if path is not None else default_host_key_path()
    if not key_path.exists():
        if explicit:
            raise HostKeyError(f"host key {key_path} does not exist")
        return _create(key_path)
    mode = key_path.stat().st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        log.warning(
            "host key %s is readable by others (mode %o); run: chmod 600 %s",
            key_path,
            stat.S_IMODE(mode),
            key_path,
        )
    try:
        return asyncssh.read_private_key(key_path)
    except (OSError, asyncssh.KeyImportError) as exc:
        raise HostKeyError(f"cannot read host key {key_path}: {exc}") from None


def _create(key_path: Path) -> asyncssh.SSHKey:
    key = asyncssh.generate_private_key("ssh-ed25519", comment="minusma-tui host key")
    data = key.export_private_key()
    try:
        key_path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        # O_EXCL: never overwrite a key another process created a moment ago.
        fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return asyncssh.read_private_key(key_path)
    except OSError as exc:
        raise HostKeyError(f"cannot create host key {key_path}: {exc.strerror or exc}") from None
    with os.fdopen(fd, "wb") as file:
        file.write(data)
    log.info("created host key %s (%s)", key_path, key.get_fingerprint())
    return key
