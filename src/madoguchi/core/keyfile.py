"""Secrets made on first start and kept in a file (the demo's SECRET_KEY, the payment sandbox's
webhook secret), so nothing secret is ever a constant in the source.

Plain Python, no Django: settings import it.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import tempfile
import time
from pathlib import Path


def stable_secret(path: Path, *, nbytes: int = 48) -> str:
    """The secret in `path`, made (random, mode 0600) if there is none yet.

    Two processes starting at once agree: each writes its candidate to a private temporary file
    and hard-links it to `path`, which fails if `path` exists, so the first link wins and every
    process reads back the winner. A file is never seen half-written."""
    path = Path(path)
    try:
        return _read(path)
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, candidate = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")  # mode 0600
    try:
        with os.fdopen(fd, "w") as file:
            file.write(secrets.token_urlsafe(nbytes) + "\n")
            file.flush()
            os.fsync(file.fileno())
        with contextlib.suppress(FileExistsError):  # another process was first: its secret wins
            os.link(candidate, path)
    finally:
        os.unlink(candidate)
    return _read(path)


def _read(path: Path) -> str:
    value = path.read_text().strip()
    if not value:
        # Only a file made by hand can be empty (ours appear whole); wait briefly, then refuse.
        time.sleep(0.2)
        value = path.read_text().strip()
    if not value:
        raise ValueError(f"{path} is empty: delete it to have a new secret made")
    return value
