"""Writing files so that a failure leaves nothing half-written: the one atomic writer of pingshen."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Callable


def write_atomic(target: Path | str, write: Callable[[Path], object]) -> None:
    """Call ``write(tmp)`` on a temporary file beside ``target``, then rename it into place.

    The file gets the permissions of an ordinary new file (mkstemp makes 0600); on any failure the
    temporary file is removed and ``target`` is untouched.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".pingshen-", suffix=target.suffix, dir=target.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text_atomic(target: Path | str, text: str, newline: str | None = None) -> None:
    write_atomic(target, lambda p: p.write_text(text, encoding="utf-8", newline=newline))


def shown(text: str) -> str:
    """A file name or path as it may be printed, stored and sent as JSON: bytes that are no UTF-8 (kept by
    Python as lone surrogates) written as ``\\xff``, and every character that is not printable — newline,
    escape codes, right-to-left and zero-width marks — as its ``\\n``/``\\x1b``/``\\u202e`` escape."""
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)


def display_name(path: Path | str | bytes) -> str:
    """The last part of a path, :func:`shown`."""
    return shown(os.fsdecode(os.path.basename(os.fsencode(path))))
