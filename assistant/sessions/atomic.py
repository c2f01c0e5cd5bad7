"""Writing files atomically: a reader sees the old file or the new one, never half of either.

The bytes go to a temporary file in the destination's own folder (so the final rename never
crosses a file system), are flushed and fsync'ed, and the temporary file is renamed over the
destination; the folder is fsync'ed too, so the rename itself survives a crash.

Files are private (mode 0600) unless asked otherwise: sessions, transcripts and reports all hold
what an officer wrote about a crisis. The temporary name is short (``.ia-XXXXXXXX.tmp``), so any
name the file system takes for the destination works; one left behind by a crash is removed by
:func:`remove_stale_temporaries`.
"""

from __future__ import annotations

import os
import stat
import tempfile
import time
from pathlib import Path

TEMP_PREFIX, TEMP_SUFFIX = ".ia-", ".tmp"
# The process umask, read once at import: a file written with private=False gets the
# permissions any other program would give it.
_UMASK = os.umask(0)
os.umask(_UMASK)


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (a no-op where folders cannot be opened, e.g. Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write(
    path: Path, data: bytes, *, overwrite: bool = True, private: bool = True, durable: bool = True
) -> Path:
    """Write ``data`` to ``path`` atomically.

    overwrite: replace an existing file; when False, raise FileExistsError instead, without a
        window in which another writer's file could be clobbered (a hard link is used where
        the file system allows it).
    private: mode 0600, readable and writable by the owner only (the default); otherwise the
        usual 0666 less the umask.
    durable: fsync the file and its folder (slower, survives a power cut).

    Never leaves its temporary file behind. OSError (permission denied, no such folder…) is
    raised as it comes; callers turn it into a message.
    """
    path = Path(path)
    folder = path.parent
    # mkstemp creates the file 0600; its name stays short whatever the destination's length.
    fd, tmp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=folder)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
        if not private:
            os.chmod(tmp, 0o666 & ~_UMASK)
        if overwrite:
            os.replace(tmp, path)
        else:
            _place_new(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if durable:
        fsync_dir(folder)
    return path


def _place_new(tmp: Path, path: Path) -> None:
    """Move ``tmp`` to ``path`` only if ``path`` does not exist (FileExistsError otherwise)."""
    try:
        os.link(tmp, path)  # fails with FileExistsError if path exists: no check-then-act race
    except FileExistsError:
        raise
    except OSError:
        # No hard links here (some network or FAT file systems): check, then rename.
        if os.path.lexists(path):
            raise FileExistsError(path) from None
        os.replace(tmp, path)
        return
    tmp.unlink()


def remove_stale_temporaries(folder: Path, older_than: float = 60.0) -> list[Path]:
    """Remove the temporary files (``.*.tmp``) a killed save left in ``folder``, once they are
    older than ``older_than`` seconds (a save in progress is younger). Returns what was removed."""
    removed: list[Path] = []
    cutoff = time.time() - older_than
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not (entry.name.startswith(".") and entry.name.endswith(TEMP_SUFFIX)):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            if stat.S_ISREG(info.st_mode) and info.st_mtime < cutoff:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            continue  # gone already, or not ours to remove
    return removed


def move_aside(path: Path, suffix: str) -> Path:
    """Rename ``path`` (a file or a folder) to ``<name><suffix>``, never over an existing name.

    If the name is taken, ``-1``, ``-2``… is appended. Returns the new path. Nothing is copied,
    so the content stays byte-identical.
    """
    path = Path(path)
    n = 0
    while True:
        target = path.with_name(f"{path.name}{suffix}" + (f"-{n}" if n else ""))
        n += 1
        if os.path.lexists(target):
            continue
        if path.is_dir() and not path.is_symlink():
            os.rename(path, target)  # folders cannot be hard-linked; the name was free just now
            return target
        try:
            os.link(path, target, follow_symlinks=False)
        except FileExistsError:
            continue
        except (OSError, NotImplementedError):
            if os.path.lexists(target):
                continue
            os.rename(path, target)
            return target
        os.unlink(path)
        return target
