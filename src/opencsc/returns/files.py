"""Safe file handling shared by readers and writers.

Readers refuse what they cannot read with an `InputError` naming the file, line, field and value.
Writers write to a temporary file beside the target and rename it into place only when complete,
so a failure never leaves a partial return behind.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from opencsc.core.errors import InputError

# A national SSDA903 episodes file is about 60 MB and a large CIN census about 100 MB; anything
# far beyond that is almost certainly the wrong file, and reading it would exhaust memory.
MAX_BYTES = int(os.environ.get("OPENCSC_RETURNS_MAX_BYTES", str(512 * 1024 * 1024)))


def check_readable(path: Path, *, max_bytes: int | None = None) -> int:
    """Size of `path` in bytes, or an InputError saying why it cannot be read."""
    limit = MAX_BYTES if max_bytes is None else max_bytes
    if not path.exists():
        raise InputError("file not found", file=str(path))
    if path.is_dir():
        raise InputError("is a folder, not a file", file=str(path))
    size = path.stat().st_size
    if size == 0:
        raise InputError("file is empty", file=str(path))
    if size > limit:
        raise InputError(
            f"file is {size / 1024**3:.1f} GB, larger than the {limit / 1024**2:.0f} MB limit "
            "(set OPENCSC_RETURNS_MAX_BYTES to raise it)",
            file=str(path),
        )
    return size


def decode_text(path: Path, data: bytes) -> str:
    """UTF-8 (with or without BOM) or UTF-16 with a BOM; anything else is refused with its line."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError("is not valid UTF-16 text", file=str(path)) from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        bad = data[exc.start : exc.start + 1]
        raise InputError(
            f"is not UTF-8 text (byte 0x{bad.hex()}); save it as 'CSV UTF-8'",
            file=str(path),
            line=line,
        ) from exc


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


@contextlib.contextmanager
def atomic_write(target: Path, mode: str = "w") -> Iterator[IO]:
    """Open a temporary file beside `target`; rename it into place only if the block succeeds."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        encoding = None if "b" in mode else "utf-8"
        with open(tmp_path, mode, encoding=encoding, newline="" if "b" not in mode else None) as fh:
            yield fh
        # mkstemp makes the file private; give it the permissions any new file would have
        os.chmod(tmp_path, 0o666 & ~_umask())
        os.replace(tmp_path, target)
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def atomic_dir(target: Path) -> Iterator[Path]:
    """A temporary folder beside `target` whose files are moved into `target` only on success."""
    target.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".partial-", dir=target))
    try:
        yield tmp
        for f in sorted(tmp.iterdir()):
            os.replace(f, target / f.name)
    finally:
        for f in tmp.glob("*"):
            f.unlink(missing_ok=True)
        tmp.rmdir()
