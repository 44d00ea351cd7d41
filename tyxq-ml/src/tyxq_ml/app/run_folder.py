"""The output folder of a ``tyxq-ml`` command: checked before the work, written so that no result is half there.

A run can take hours; finding out afterwards that ``--out`` names a file or a
read-only folder loses it. So :func:`prepare_run_folder` creates the folder
(if missing) and writes and removes a probe file in it before anything else
happens; so does each name the command will write that is there already but
not a file (a folder named ``model.pt``), which the run could not replace.
Results are then written by :meth:`RunFolder.write`, each to a
temporary name in the same folder, created with the mode any new file in the
folder gets (``0o666`` less the umask, as ``open()`` would make it; not the
``0o600`` of ``tempfile``), and moved into place with ``os.replace``
(a rename: readers see the old file or the new one, never a part), and the
run's summary (the *marker*: ``metrics.json`` or ``vqe.json``) last, by
:meth:`RunFolder.finish`. The marker of an earlier run is removed before the
first result is replaced. So a folder with its marker holds one complete run,
and a folder without one holds no complete run; an interrupted or failed
write leaves no temporary file behind.

Example:
    >>> import json, tempfile
    >>> from pathlib import Path
    >>> folder = prepare_run_folder(Path(tempfile.mkdtemp()) / "run", marker="metrics.json")
    >>> folder.write("notes.txt", lambda path: path.write_text("hello"))
    >>> folder.complete()
    False
    >>> folder.finish({"accuracy": 0.9})
    >>> sorted(p.name for p in folder.path.iterdir()), folder.complete()
    (['metrics.json', 'notes.txt'], True)
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import OutputFolderError

__all__ = ["RunFolder", "prepare_run_folder"]


def prepare_run_folder(path: Path, marker: str, results: Sequence[str] = ()) -> RunFolder:
    """Make sure ``path`` is a folder this process can write, creating it if missing; nothing else is touched.

    ``results`` and ``marker`` are the names the run will write: one that exists in the folder as anything but
    a file is refused now, before the work whose result it would lose.

    Example:
        >>> import tempfile
        >>> from pathlib import Path
        >>> existing_file = Path(tempfile.mkstemp()[1])
        >>> prepare_run_folder(existing_file, marker="metrics.json")
        Traceback (most recent call last):
        ...
        tyxq_ml.errors.OutputFolderError: --out .../tmp... is a file, not a folder; ...
        >>> (existing_file.parent / "taken").mkdir(exist_ok=True)
        >>> (existing_file.parent / "taken" / "model.pt").mkdir(exist_ok=True)
        >>> prepare_run_folder(existing_file.parent / "taken", marker="metrics.json", results=["model.pt"])
        Traceback (most recent call last):
        ...
        tyxq_ml.errors.OutputFolderError: --out .../taken holds a folder named model.pt, ...
    """
    if path.exists() and not path.is_dir():
        raise OutputFolderError(
            f"--out {path} is a file, not a folder; name a folder for the results (it is created if missing)"
        )
    try:
        path.mkdir(parents=True, exist_ok=True)
        descriptor, probe = tempfile.mkstemp(dir=path, prefix=".tyxq-ml-probe-")
        os.close(descriptor)
        os.remove(probe)
    except OSError as error:
        raise OutputFolderError(
            f"--out {path} cannot hold the results: {error.strerror or error}; name a folder you can write to"
        ) from None
    for name in (*results, marker):
        target = path / name
        if (target.exists() or target.is_symlink()) and not target.is_file():
            kind = "folder" if target.is_dir() else "non-file"
            raise OutputFolderError(
                f"--out {path} holds a {kind} named {name}, where this run writes its {name}: it would train and then "
                f"fail to write it. Remove or rename {target}, or name another --out folder"
            )
    return RunFolder(path, marker)


@dataclass
class RunFolder:
    """A checked output folder (from :func:`prepare_run_folder`) whose run is complete once ``marker`` is in it."""

    path: Path
    marker: str
    writing_started: bool = False

    def write(self, name: str, save: Callable[[Path], Any]) -> None:
        """Have ``save`` write file ``name`` at a temporary path in the folder, then move it into place.

        The temporary path keeps the suffix of ``name`` (matplotlib picks the
        image format from it). The earlier run's marker goes first, so the
        folder never pairs a new result with an old summary.
        """
        temporary: Path | None = None
        try:
            if not self.writing_started:
                self.writing_started = True
                self._remove(self.path / self.marker)
            temporary = _new_file(self.path, prefix=f".{name}.", suffix=Path(name).suffix)
            save(temporary)
            os.replace(temporary, self.path / name)
        except OSError as error:
            raise OutputFolderError(
                f"could not write {self.path / name}: {error.strerror or error}; the folder holds no complete "
                f"run (no {self.marker}); fix that and run again"
            ) from None
        finally:
            if temporary is not None:
                self._remove(temporary)

    def finish(self, summary: dict[str, Any]) -> None:
        """Write the marker, ``summary`` as JSON: the folder now holds one complete run."""
        text = json.dumps(summary, indent=2) + "\n"
        self.write(self.marker, lambda path: path.write_text(text, encoding="utf-8"))

    def complete(self) -> bool:
        """Whether the folder holds a complete run (its marker is there)."""
        return (self.path / self.marker).is_file()

    @staticmethod
    def _remove(path: Path) -> None:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def _new_file(folder: Path, *, prefix: str, suffix: str) -> Path:
    """A new empty file of a unique name in ``folder``, with the mode ``open()`` gives (``0o666`` less the umask)."""
    for _ in range(100):
        candidate = folder / f"{prefix}{secrets.token_hex(6)}{suffix}"
        try:
            descriptor = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        os.close(descriptor)
        return candidate
    raise FileExistsError(f"no unused temporary name {prefix}*{suffix} in {folder}")
