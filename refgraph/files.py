"""Opening what the user gives and writing what refgraph makes, safely.

Inputs: only a regular file, a folder or a zip is read — a device (``/dev/urandom``), a named pipe or
a socket would block or never end, so it is refused with one line before anything opens it. A zip's
members are read as streams with their unpacked size counted as it comes (the sizes a zip states
about itself are not trusted): a member that unpacks to more than :data:`ZIP_MAX_RATIO` times its
packed size (past the first :data:`ZIP_RATIO_AFTER` bytes), to more than :data:`ZIP_MAX_MEMBER`
bytes, or a zip whose members unpack to more than :data:`ZIP_MAX_TOTAL` bytes in all, is refused
(a zip bomb). A real LinkedIn export unpacks to at most a few hundred MB, its text files packing 5
to 20 times; a Google Calendar export to tens of MB. Encrypted members and compression methods
Python cannot read are refused with one line too.

Outputs (pictures, calendar files): written to a new file of mode 0600 in the same folder, then
renamed over the target, so nothing is written through a symbolic link (the link itself is
replaced) and a reader never sees half a file.
"""
from __future__ import annotations

import os
import stat
import tempfile
import zipfile
import zlib
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import BinaryIO, Callable, Iterator

from .errors import InputError

__all__ = ["check_input", "open_input", "read_zip", "walk", "export_files", "output_file",
           "ZIP_MAX_MEMBER", "ZIP_MAX_TOTAL", "ZIP_MAX_RATIO", "ZIP_RATIO_AFTER"]

ZIP_MAX_MEMBER = 1 << 30        # 1 GiB: one member of a zip, unpacked
ZIP_MAX_TOTAL = 2 << 30         # 2 GiB: all the members read from one zip, unpacked
ZIP_MAX_RATIO = 100             # unpacked bytes per packed byte of a member …
ZIP_RATIO_AFTER = 4 << 20       # … once it has unpacked to more than 4 MiB
_CHUNK = 1 << 20
_NOT_READABLE = "give the path of the export itself: a file, its folder or its zip"


def _kind(mode: int) -> str:
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _refuse(path, mode: int) -> InputError:
    return InputError(path, f"is {_kind(mode)}, not a file, a folder or a zip", _NOT_READABLE)


def check_input(path: str | os.PathLike) -> None:
    """Refuse (:class:`InputError`) a path that is neither a regular file nor a folder (following
    symbolic links). A missing or unreadable path passes: the importer says what is wrong."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        raise _refuse(path, mode)


def open_input(path: str | os.PathLike, label: str | None = None) -> BinaryIO:
    """*path* opened for reading in binary, only if it is a regular file: opening never blocks (a
    pipe is refused, not waited on). Raises ``FileNotFoundError`` / ``IsADirectoryError`` as
    ``open`` does, :class:`InputError` for a device, pipe or socket."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(21, "Is a directory", str(path))
        if not stat.S_ISREG(mode):
            raise _refuse(label or path, mode)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _size(n: int) -> str:
    for unit, shift in (("GiB", 30), ("MiB", 20), ("KiB", 10)):
        if n >= 1 << shift:
            value = n / (1 << shift)
            return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"
    return f"{n} bytes"


def read_zip(path: str | os.PathLike, keep: Callable[[str], bool]) -> list[tuple[str, bytes]]:
    """``(name, bytes)`` of the file members of the zip at *path* whose name *keep* accepts, in name
    order, each read within the limits above; :class:`InputError` naming the zip (and the member)
    when the zip cannot be read or a limit is passed."""
    path = Path(path)
    found: list[tuple[str, bytes]] = []
    total = 0
    try:
        whole = path.stat().st_size   # no member packs into more bytes than the zip holds
        with zipfile.ZipFile(path) as zf:
            for info in sorted(zf.infolist(), key=lambda i: i.filename):
                if info.is_dir() or not keep(info.filename):
                    continue
                label = f"{path}:{info.filename}"
                data = bytearray()
                packed = max(min(info.compress_size, whole), 1)
                try:
                    with zf.open(info) as member:
                        while True:
                            chunk = member.read(_CHUNK)
                            if not chunk:
                                break
                            data += chunk
                            if len(data) > ZIP_RATIO_AFTER and len(data) > ZIP_MAX_RATIO * packed:
                                raise InputError(label, f"unpacks to over {ZIP_MAX_RATIO} times its packed size, "
                                                 "as zip bombs do", "download the export again")
                            if len(data) > ZIP_MAX_MEMBER:
                                raise InputError(label, f"unpacks to more than {_size(ZIP_MAX_MEMBER)}, the most "
                                                 "refgraph reads from one file in a zip",
                                                 "unzip the export and import its folder")
                            if total + len(data) > ZIP_MAX_TOTAL:
                                raise InputError(label, f"the zip unpacks to more than {_size(ZIP_MAX_TOTAL)} in "
                                                 "all, the most refgraph reads from one zip",
                                                 "unzip the export and import its folder")
                except NotImplementedError:   # (a RuntimeError: before the one below)
                    raise InputError(label, "is packed with a compression method refgraph cannot read",
                                     "unzip the export and import its folder") from None
                except RuntimeError as exc:
                    if "encrypted" not in str(exc):
                        raise
                    raise InputError(label, "is encrypted (the zip has a password)",
                                     "unzip it with its password and import the folder") from None
                total += len(data)
                found.append((info.filename, bytes(data)))
                del data
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
        raise InputError(path, f"the zip cannot be read ({exc})", "download the export again") from None
    return found


def walk(folder: str | os.PathLike, depth: int | None = None, hidden: bool = True) -> Iterator[Path]:
    """What a folder given as an export holds, folder by folder (``os.walk`` from the top, names in
    order: each folder's entries that are not folders, then its sub-folders), never inside a
    ``__MACOSX`` folder (what the Finder adds to a zip); with *depth*, at most that many folders
    down; unless *hidden*, never inside a folder whose name starts with a dot."""
    folder = Path(folder)
    top = len(folder.parts)
    for root, dirs, files in os.walk(folder):
        here = Path(root)
        dirs[:] = sorted(d for d in dirs if d != "__MACOSX" and (hidden or not d.startswith(".")))
        if depth is not None and len(here.parts) - top >= depth:
            dirs[:] = []
        for f in sorted(files):
            yield here / f


def export_files(path: str | os.PathLike, suffix: str) -> tuple[str, list[tuple[str, str, bytes]]]:
    """The files an export given as a folder, a zip or one file holds: ``(kind, [(label for errors,
    base name, bytes)])``. ``"folder"``: its files named ``*suffix`` (any case), in path order, none
    in a ``__MACOSX`` folder; ``"zip"``: such members, read by :func:`read_zip`; ``"file"``: the file
    itself (:class:`InputError` when it starts as a zip does: a damaged or cut-off download)."""
    path = Path(path)
    if path.is_dir():
        return "folder", [(str(f), f.name, f.read_bytes()) for f in sorted(walk(path))
                          if f.suffix.lower() == suffix and "__MACOSX" not in f.parts and f.is_file()]
    if zipfile.is_zipfile(path):
        return "zip", [(f"{path}:{name}", PurePosixPath(name.replace("\\", "/")).name, data)
                       for name, data in read_zip(path, lambda n: n.lower().endswith(suffix) and "__MACOSX" not in n)]
    data = path.read_bytes()
    if data.startswith(b"PK\x03\x04"):
        raise InputError(path, "the zip is damaged or incomplete", "download the export again")
    return "file", [(str(path), path.name, data)]


@contextmanager
def output_file(path: str | os.PathLike) -> Iterator[BinaryIO]:
    """A binary file to write *path* through: a new file of mode 0600 in the same folder, renamed
    over *path* when the block ends without an error (replacing a symbolic link there, never writing
    through it), removed otherwise. ``OSError`` when the folder cannot be written."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as f:
            yield f
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
