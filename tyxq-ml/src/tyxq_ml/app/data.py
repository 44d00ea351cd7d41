"""The classifier's data: images of two digits, shrunk to 3×3, as 9 features in [0, 1].

Two sources, neither downloads anything:

- ``digits`` (the default): the 8×8 handwritten digits that ship inside
  scikit-learn (:func:`sklearn.datasets.load_digits`), so the demo runs offline;
- ``mnist``: the 28×28 MNIST images already on disk (see :mod:`tyxq_ml.app.mnist`).

Images are scaled to [0, 1] and resized with antialiased bilinear
interpolation (:func:`torch.nn.functional.interpolate`), which averages each
3×3 cell's neighbourhood instead of sampling single pixels. ``binarize``
thresholds the features at 0.5, as the reference workflow does; on the small
digits set that leaves only a few dozen distinct patterns, which caps any
model near 78 %, so it is off by default.

Example:
    >>> from tyxq_ml.app.data import load_features
    >>> data = load_features("digits", seed=0)
    >>> data.x_train.shape[1], sorted(set(data.y_train.tolist()))
    (9, [0.0, 1.0])
    >>> bool((data.x_train >= 0).all() and (data.x_train <= 1).all())
    True
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from sklearn.model_selection import train_test_split

from ..errors import DataError

__all__ = ["DIGITS", "Features", "load_features", "load_images", "resize_images"]

DIGITS = (1, 5)
"""The two digits told apart; the first is class 0, the second class 1."""


@dataclass(frozen=True)
class Features:
    """A train/test split of features ``(N, 9)`` in [0, 1] and labels ``(N,)`` in {0, 1} (float32)."""

    x_train: torch.Tensor
    y_train: torch.Tensor
    x_test: torch.Tensor
    y_test: torch.Tensor
    source: str


def resize_images(images: np.ndarray, side: int = 3) -> torch.Tensor:
    """Resize ``(N, H, W)`` images with values in [0, 1] to ``(N, side * side)`` features.

    Antialiased bilinear interpolation: every output pixel is a weighted mean
    of the input pixels under it, so the features stay in [0, 1].

    Example:
        >>> import numpy as np
        >>> resize_images(np.ones((2, 8, 8))).shape
        torch.Size([2, 9])
        >>> round(float(resize_images(np.ones((1, 8, 8))).min()), 6)
        1.0
    """
    batch = torch.as_tensor(np.asarray(images, dtype=np.float32)).unsqueeze(1)
    small = torch.nn.functional.interpolate(
        batch, size=(side, side), mode="bilinear", antialias=True, align_corners=False
    )
    return small.reshape(len(batch), side * side).clamp(0.0, 1.0)


def load_images(source: str = "digits", root: str | Path | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Images of the digits in :data:`DIGITS` scaled to [0, 1], and their 0/1 labels.

    ``source`` is ``"digits"`` (scikit-learn's bundled 8×8 set) or
    ``"mnist"`` (28×28, read from ``root``; train and test files together).

    Example:
        >>> images, labels = load_images("digits")
        >>> images.shape[1:], bool(images.max() <= 1.0), sorted(set(labels.tolist()))
        ((8, 8), True, [0, 1])
    """
    if source == "digits":
        from sklearn.datasets import load_digits

        bunch = load_digits()
        images, targets = bunch.images / 16.0, bunch.target
    elif source == "mnist":
        from .mnist import load_mnist

        if root is None:
            raise DataError("--data mnist needs --data-root PATH: the folder holding the MNIST files")
        images, targets = load_mnist(root)
        images = images / 255.0
    else:
        raise DataError(f"unknown data source {source!r}; choose 'digits' (bundled, offline) or 'mnist'")
    keep = np.isin(targets, DIGITS)
    return images[keep].astype(np.float32), (targets[keep] == DIGITS[1]).astype(np.int64)


def load_features(
    source: str = "digits",
    *,
    root: str | Path | None = None,
    binarize: bool = False,
    test_fraction: float = 0.25,
    seed: int = 0,
    limit: int | None = None,
) -> Features:
    """The 9-feature data set with a stratified, seeded train/test split.

    ``limit`` keeps at most that many images (a stratified subsample, for
    the much larger MNIST) before splitting.

    Example:
        >>> data = load_features("digits", binarize=True, seed=1)
        >>> sorted(set(data.x_test.flatten().tolist()))
        [0.0, 1.0]
    """
    if not 0.0 < test_fraction < 1.0:
        raise DataError(f"test_fraction is {test_fraction}; it must lie strictly between 0 and 1")
    images, labels = load_images(source, root)
    if limit is not None and limit < len(labels):
        images, _, labels, _ = train_test_split(images, labels, train_size=limit, stratify=labels, random_state=seed)
    features = resize_images(images)
    if binarize:
        features = (features > 0.5).to(torch.float32)
    x_train, x_test, y_train, y_test = train_test_split(
        features.numpy(), labels, test_size=test_fraction, stratify=labels, random_state=seed
    )
    return Features(
        x_train=torch.as_tensor(x_train),
        y_train=torch.as_tensor(y_train, dtype=torch.float32),
        x_test=torch.as_tensor(x_test),
        y_test=torch.as_tensor(y_test, dtype=torch.float32),
        source=source,
    )
