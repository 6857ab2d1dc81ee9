"""Writing files safely: atomically, and never over something by accident.

Every file laoganbu writes goes through :class:`AtomicFile` (or :func:`atomic_write`): the
bytes go to a temporary file beside the target, are flushed to the disk, and only then take the
target's name with ``os.replace``. A crash or a kill at any moment leaves the old file or
the new one, never a truncated or empty one. :func:`check_target` decides beforehand whether a
path may be written at all: an existing file or a folder that holds anything needs
``overwrite=True`` (``--force`` on the command line), and one of the command's own inputs is
never written over.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, Literal

from laoganbu.errors import OutputError, OutputExistsError, OutputIsInputError

__all__ = [
    "AtomicFile",
    "atomic_write",
    "check_target",
    "make_folder",
    "write_bytes_atomic",
    "write_text_atomic",
]

#: Temporary files are named ``.<target name>.<random>.tmp``: hidden, and easy to recognise
#: should the machine die before one is renamed or removed.
TEMP_SUFFIX = ".tmp"


class AtomicFile:
    """A file being written under a temporary name beside ``path``.

    :meth:`commit` makes it ``path`` in one step; :meth:`abort` removes it. As a context
    manager it commits when the block ends normally and aborts when it raises.

    Args:
        path: the file to write; its folder must exist.
        mode: ``"wb"`` for bytes, ``"w"`` for text.
        encoding: the encoding of text (``"utf-8-sig"`` writes the byte-order mark).
        newline: as for ``open()``.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        mode: Literal["w", "wb"] = "wb",
        *,
        encoding: str | None = None,
        newline: str | None = None,
    ) -> None:
        self.path = Path(path)
        try:
            fd, self.temp = _create_temp(self.path)
        except OSError as exc:
            raise _cannot_write(self.path, exc) from None
        try:
            self.file: IO[Any] = os.fdopen(fd, mode, encoding=encoding, newline=newline)
        except BaseException:
            os.close(fd)
            self.temp.unlink(missing_ok=True)
            raise
        self._done = False

    def commit(self) -> None:
        """Flush the file to the disk and put it in place of :attr:`path` (once)."""
        if self._done:
            return
        self._done = True
        try:
            self.file.flush()
            os.fsync(self.file.fileno())
            self.file.close()
            with contextlib.suppress(FileNotFoundError):
                # A replaced file keeps its mode; a new one has what open() gives (umask).
                self.temp.chmod(self.path.stat().st_mode & 0o7777)
            self.temp.replace(self.path)
        except BaseException as exc:
            self._discard()
            if isinstance(exc, OSError) and not isinstance(exc, OutputError):
                raise _cannot_write(self.path, exc) from None
            raise
        _sync_folder(self.path.parent)

    def abort(self) -> None:
        """Remove the temporary file; :attr:`path` is left as it was (once)."""
        if self._done:
            return
        self._done = True
        self._discard()

    def _discard(self) -> None:
        # Closing flushes what is buffered, which fails again if writing failed (a full disk).
        try:
            self.file.close()
        except OSError:
            pass
        finally:
            self.temp.unlink(missing_ok=True)

    def __enter__(self) -> IO[Any]:
        return self.file

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, *_: object
    ) -> None:
        if exc_type is None:
            self.commit()
            return
        self.abort()
        if isinstance(exc, OSError) and not isinstance(exc, OutputError):
            # Writing failed (the disk is full …): say which file, as the other failures do.
            raise _cannot_write(self.path, exc) from exc


@contextmanager
def atomic_write(
    path: str | os.PathLike[str],
    mode: Literal["w", "wb"] = "wb",
    *,
    encoding: str | None = None,
    newline: str | None = None,
) -> Iterator[IO[Any]]:
    """A handle on a temporary file that replaces ``path`` when the block ends without error.

    If the block raises, the temporary file is removed and ``path`` is untouched::

        with atomic_write(path, "w", encoding="utf-8") as f:
            f.write(text)
    """
    with AtomicFile(path, mode, encoding=encoding, newline=newline) as handle:
        yield handle


def make_folder(path: str | os.PathLike[str]) -> Path:
    """Make the folder ``path`` (and those above it) if it is not there; return it."""
    folder = Path(path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _cannot_write(folder, exc) from None
    return folder


def write_bytes_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` atomically."""
    with atomic_write(path, "wb") as f:
        f.write(data)


def write_text_atomic(path: str | os.PathLike[str], text: str, encoding: str = "utf-8") -> None:
    """Write ``text`` to ``path`` atomically."""
    with atomic_write(path, "w", encoding=encoding, newline="") as f:
        f.write(text)


def _cannot_write(path: Path, exc: OSError) -> OutputError:
    reason = exc.strerror or type(exc).__name__
    return OutputError(f"{path}: cannot be written ({reason}) / 无法写入该文件")


def _create_temp(path: Path) -> tuple[int, Path]:
    """A new, empty temporary file beside ``path``, created with the mode ``open()`` gives (the
    system applies the umask; ``tempfile.mkstemp`` would make it private)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}{TEMP_SUFFIX}")
        try:
            return os.open(temp, flags, 0o666), temp
        except FileExistsError:
            continue
    raise FileExistsError(f"{path}: no free temporary name beside it / 无法创建临时文件")


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); not possible, and not needed, on Windows."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


# -- what may be written --------------------------------------------------------------------


def check_target(
    path: str | os.PathLike[str],
    *,
    overwrite: bool = False,
    inputs: Iterable[str | os.PathLike[str] | None] = (),
    folder: bool = False,
) -> Path:
    """Refuse to write ``path`` unless it is safe to; return it as a ``Path``.

    Args:
        overwrite: replace an existing file, or write into a folder that holds files already
            (files of the same names are replaced, others left alone).
        inputs: the files and folders the command reads. The output may not be one of them,
            lie inside one, or hold one — not even with ``overwrite``.
        folder: ``path`` is a folder to write files into (a CSV roster, a sample county).

    Raises:
        OutputIsInputError: ``path`` would write over one of ``inputs``.
        OutputExistsError: ``path`` exists (a folder: holds anything) and ``overwrite`` is
            false; or it is a folder where a file is to go, or the other way round.
    """
    target = Path(path)
    for source in inputs:
        if source is not None and _overlaps(target, Path(source)):
            raise OutputIsInputError(
                f"{target}: would write over an input of this command ({source}); choose"
                " another path / 输出会覆盖本命令的输入，请另选路径"
            )
    if not target.exists():
        return target
    if folder and not target.is_dir():
        raise OutputExistsError(f"{target}: is a file, not a folder / 已存在同名文件，不是文件夹")
    if not folder and target.is_dir():
        raise OutputExistsError(f"{target}: is a folder, not a file / 已存在同名文件夹")
    if overwrite or (folder and not any(target.iterdir())):
        return target
    what = "folder is not empty" if folder else "file exists"
    raise OutputExistsError(
        f"{target}: {what}; use --force (overwrite=True) to replace it"
        " / 目标已存在，如需覆盖请加 --force"
    )


def _overlaps(target: Path, source: Path) -> bool:
    """Whether writing ``target`` could change ``source``: the same file or folder, or one
    inside the other."""
    try:
        if target.exists() and source.exists() and target.samefile(source):
            return True
        t, s = target.resolve(), source.resolve()
    except (OSError, RuntimeError):
        # A path that cannot be resolved (a loop of symbolic links) holds nothing to protect;
        # reading it, or writing it, fails on its own with its reason.
        return False
    return t == s or t.is_relative_to(s) or s.is_relative_to(t)
