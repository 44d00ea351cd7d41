"""The classifier's data: digits 1 vs 5 resized to 3×3, and MNIST read from IDX files on disk."""

from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np
import pytest
import torch

from tyxq_ml import MissingDataError
from tyxq_ml.app.data import load_features, load_images, resize_images
from tyxq_ml.app.mnist import read_idx
from tyxq_ml.errors import DataError


def test_digits_keeps_only_ones_and_fives_with_labels_zero_and_one():
    from sklearn.datasets import load_digits

    bunch = load_digits()
    images, labels = load_images("digits")
    assert len(labels) == int(np.sum(bunch.target == 1) + np.sum(bunch.target == 5))
    assert labels.sum() == np.sum(bunch.target == 5)
    np.testing.assert_allclose(images[labels == 0][0], bunch.images[bunch.target == 1][0] / 16.0)


def test_resize_of_a_constant_image_is_that_constant():
    np.testing.assert_allclose(resize_images(np.full((1, 8, 8), 0.25)).numpy(), 0.25, atol=1e-7)


def test_resize_averages_the_block_under_each_output_pixel():
    # a 9×9 image made of 3×3 blocks: the antialiased resize to 3×3 must weight each block's own pixels most
    blocks = np.arange(9, dtype=np.float64).reshape(3, 3) / 8
    image = np.kron(blocks, np.ones((3, 3)))[None]
    features = resize_images(image).numpy().reshape(3, 3)
    assert np.argmax(features) == 8 and np.argmin(features) == 0
    assert np.all(np.abs(features - blocks) < 0.15)


def test_features_are_nine_values_in_the_unit_interval():
    data = load_features("digits", seed=0)
    for x in (data.x_train, data.x_test):
        assert x.shape[1] == 9 and x.dtype == torch.float32
        assert float(x.min()) >= 0.0 and float(x.max()) <= 1.0


def test_split_is_stratified_and_seeded():
    first, again, other = (load_features("digits", seed=s) for s in (0, 0, 1))
    assert torch.equal(first.x_test, again.x_test)
    assert not torch.equal(first.x_test, other.x_test)
    assert abs(float(first.y_train.mean()) - float(first.y_test.mean())) < 0.02


def test_binarize_thresholds_at_one_half():
    plain, binary = load_features("digits", seed=0), load_features("digits", seed=0, binarize=True)
    torch.testing.assert_close(binary.x_train, (plain.x_train > 0.5).float())


def _write_idx(path: Path, array: np.ndarray) -> None:
    header = bytes([0, 0, 8, array.ndim]) + np.array(array.shape, dtype=">i4").tobytes()
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "wb") as stream:
        stream.write(header + array.astype(np.uint8).tobytes())


def _fake_mnist(folder: Path, gz: bool) -> None:
    folder.mkdir(parents=True)
    rng = np.random.default_rng(0)
    suffix = ".gz" if gz else ""
    for prefix, n in (("train", 40), ("t10k", 20)):
        labels = np.tile([1, 5, 3, 7], n // 4)
        images = rng.integers(0, 256, size=(n, 28, 28))
        _write_idx(folder / f"{prefix}-images-idx3-ubyte{suffix}", images)
        _write_idx(folder / f"{prefix}-labels-idx1-ubyte{suffix}", labels)


@pytest.mark.parametrize(("layout", "gz"), [("MNIST/raw", False), ("", True)])
def test_mnist_is_read_from_torchvision_or_raw_layout(tmp_path, layout, gz):
    _fake_mnist(tmp_path / layout if layout else tmp_path / "files", gz)
    root = tmp_path if layout else tmp_path / "files"
    data = load_features("mnist", root=root, seed=0)
    assert len(data.x_train) + len(data.x_test) == 30  # the 1s and 5s of 60 images
    assert data.x_train.shape[1] == 9


def test_idx_reader_returns_the_stored_array(tmp_path):
    array = np.arange(24, dtype=np.uint8).reshape(2, 3, 4)
    _write_idx(tmp_path / "a-idx3-ubyte", array)
    np.testing.assert_array_equal(read_idx(tmp_path / "a-idx3-ubyte"), array)


def test_missing_mnist_names_every_place_looked(tmp_path):
    with pytest.raises(MissingDataError) as caught:
        load_features("mnist", root=tmp_path)
    message = str(caught.value)
    assert str(tmp_path / "MNIST" / "raw" / "train-images-idx3-ubyte") in message
    assert "downloads nothing" in message


def test_truncated_idx_file_is_reported(tmp_path):
    path = tmp_path / "bad-idx3-ubyte"
    path.write_bytes(bytes([0, 0, 8, 1]) + np.array([10], dtype=">i4").tobytes() + b"abc")
    with pytest.raises(DataError, match="truncated"):
        read_idx(path)


def test_mnist_without_root_asks_for_it():
    with pytest.raises(DataError, match="--data-root"):
        load_features("mnist")
