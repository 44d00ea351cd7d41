"""The output folder of a ``tyxq-ml`` command: checked before the work, written so that no result is half there.

A run can take hours; finding out afterwards that ``--out`` names a file or a
read-only folder loses it. So :func:`prepare_run_folder` creates the folder
(if missing) and writes and removes a probe file in it before anything else
happens. Results are then written by :meth:`RunFolder.write`, each to a
temporary name in the same folder and moved into place with ``os.replace``
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
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import OutputFolderError

__all__ = ["RunFolder", "prepare_run_folder"]


def prepare_run_folder(path: Path, marker: str) -> RunFolder:
    """Make sure ``path`` is a folder this process can write, creating it if missing; nothing else is touched.

    Example:
        >>> import tempfile
        >>> from pathlib import Path
        >>> existing_file = Path(tempfile.mkstemp()[1])
        >>> prepare_run_folder(existing_file, marker="metrics.json")
        Traceback (most recent call last):
        ...
        tyxq_ml.errors.OutputFolderError: --out .../tmp... is a file, not a folder; ...
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
            descriptor, temporary_name = tempfile.mkstemp(
                dir=self.path, prefix=f".{name}.", suffix=Path(name).suffix
            )
            os.close(descriptor)
            temporary = Path(temporary_name)
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
