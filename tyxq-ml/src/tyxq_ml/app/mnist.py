"""Reading MNIST from disk: the original IDX files, plain or gzipped, in either common layout.

tyxq-ml never downloads MNIST. Point ``--data-root`` at a folder holding

- torchvision's layout: ``ROOT/MNIST/raw/train-images-idx3-ubyte`` (and the
  labels and ``t10k-*`` test files), or
- the raw files directly: ``ROOT/train-images-idx3-ubyte`` (or
  ``train-images.idx3-ubyte``, as some mirrors name them), each optionally
  ending in ``.gz``.

The IDX format is a 4-byte magic number (two zero bytes, a type code, the
number of dimensions), the dimensions as big-endian 32-bit integers, then
the data; MNIST uses unsigned bytes. It is small enough that numpy reads it
directly (the packages that wrap it are unmaintained).

Example:
    >>> import gzip, tempfile, numpy as np
    >>> from pathlib import Path
    >>> folder = Path(tempfile.mkdtemp())
    >>> images = np.arange(2 * 28 * 28, dtype=np.uint8).reshape(2, 28, 28)
    >>> header = bytes([0, 0, 8, 3]) + np.array([2, 28, 28], dtype=">i4").tobytes()
    >>> _ = gzip.open(folder / "t10k-images-idx3-ubyte.gz", "wb").write(header + images.tobytes())
    >>> read_idx(find_idx_file(folder, "t10k-images-idx3-ubyte")).shape
    (2, 28, 28)
"""

from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np

from ..errors import DataError, MissingDataError

__all__ = ["MNIST_FILES", "find_idx_file", "load_mnist", "read_idx"]

MNIST_FILES = {
    "train": ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
    "test": ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"),
}
_IDX_TYPES = {0x08: np.uint8, 0x09: np.int8, 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}


def _candidates(root: Path, stem: str) -> list[Path]:
    dotted = stem.replace("-idx", ".idx")  # train-images.idx3-ubyte, as some mirrors spell it
    folders = [root / "MNIST" / "raw", root / "raw", root]
    return [folder / (name + ending) for folder in folders for name in (stem, dotted) for ending in ("", ".gz")]


def find_idx_file(root: str | Path, stem: str) -> Path:
    """The first existing file for ``stem`` under ``root``; an error listing every place looked.

    Example:
        >>> import tempfile
        >>> try:
        ...     find_idx_file(tempfile.mkdtemp(), "train-images-idx3-ubyte")
        ... except MissingDataError as error:
        ...     print(str(error).splitlines()[0][:30])
        MNIST file train-images-idx3-u
    """
    candidates = _candidates(Path(root), stem)
    for path in candidates:
        if path.is_file():
            return path
    looked = "\n".join(f"  {path}" for path in candidates)
    raise MissingDataError(
        f"MNIST file {stem} was not found under {root}; looked at:\n{looked}\n"
        "tyxq-ml downloads nothing: put the MNIST IDX files there (torchvision's MNIST/raw layout or the "
        "files themselves, plain or .gz), or run without --data to use scikit-learn's bundled digits"
    )


def read_idx(path: str | Path) -> np.ndarray:
    """The array stored in one IDX file (gzipped if its name ends in ``.gz``)."""
    path = Path(path)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as stream:
        raw = stream.read()
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0 or raw[2] not in _IDX_TYPES:
        raise DataError(f"{path} is not an IDX file (its first bytes are {raw[:4]!r})")
    n_dims = raw[3]
    dims = tuple(int(d) for d in np.frombuffer(raw, dtype=">i4", count=n_dims, offset=4))
    dtype = np.dtype(_IDX_TYPES[raw[2]])
    offset = 4 + 4 * n_dims
    expected = int(np.prod(dims)) * dtype.itemsize
    if len(raw) - offset != expected:
        raise DataError(
            f"{path} is truncated or corrupt: the header promises {dims} but {len(raw) - offset} bytes follow"
        )
    return np.frombuffer(raw, dtype=dtype, offset=offset).reshape(dims)


def load_mnist(root: str | Path) -> tuple[np.ndarray, np.ndarray]:
    """All MNIST images ``(N, 28, 28)`` (uint8 as float) and labels ``(N,)``, train and test files together.

    tyxq-ml makes its own seeded split, so both files are pooled.
    """
    images, labels = [], []
    for image_stem, label_stem in MNIST_FILES.values():
        part_images = read_idx(find_idx_file(root, image_stem))
        part_labels = read_idx(find_idx_file(root, label_stem))
        if len(part_images) != len(part_labels):
            raise DataError(f"{image_stem} holds {len(part_images)} images but {label_stem} {len(part_labels)} labels")
        images.append(part_images.astype(np.float32))
        labels.append(part_labels.astype(np.int64))
    return np.concatenate(images), np.concatenate(labels)
