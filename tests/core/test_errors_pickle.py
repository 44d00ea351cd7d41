"""Every tyxq exception survives pickling, so an error raised in a worker process reaches the caller as itself."""

from __future__ import annotations

import importlib
import inspect
import multiprocessing
import pickle
import pkgutil
from concurrent.futures import ProcessPoolExecutor

import numpy as np
import pytest

import tyxq
from tyxq import errors

EXCEPTIONS = [getattr(errors, name) for name in errors.__all__]


def _example(kind: type[BaseException]) -> BaseException:
    if kind is errors.ChunkError:
        return errors.ChunkError("chunk 2 of tyxq.map failed", 2, 6, 9)
    return kind(f"a {kind.__name__} message: what was asked, what was found, what to do")


@pytest.mark.parametrize("kind", EXCEPTIONS, ids=lambda kind: kind.__name__)
def test_every_exception_pickles_with_its_type_message_and_attributes(kind: type[BaseException]) -> None:
    original = _example(kind)
    copy = pickle.loads(pickle.dumps(original))
    assert type(copy) is kind
    assert str(copy) == str(original)
    assert vars(copy) == vars(original)


def test_the_exceptions_listed_are_every_exception_class_of_the_module() -> None:
    defined = {
        name for name, value in vars(errors).items() if isinstance(value, type) and issubclass(value, BaseException)
    }
    assert defined == set(errors.__all__)


def exception_classes(package: object) -> list[type[BaseException]]:
    """Every exception (and warning) class defined in any module of ``package``, private ones included."""
    found: dict[str, type[BaseException]] = {}
    for module_info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):  # type: ignore[attr-defined]
        if module_info.name.endswith(".__main__"):
            continue  # runs the command when imported
        module = importlib.import_module(module_info.name)
        for value in vars(module).values():
            if inspect.isclass(value) and issubclass(value, BaseException) and value.__module__ == module.__name__:
                found[f"{value.__module__}.{value.__qualname__}"] = value
    return [found[name] for name in sorted(found)]


ALL_CLASSES = exception_classes(tyxq)


def test_the_walk_finds_the_classes_outside_the_errors_module() -> None:
    names = {kind.__name__ for kind in ALL_CLASSES}
    assert {"NotOneExpectationError", "FallbackWarning", "SignatureError", "ChunkError"} <= names


@pytest.mark.parametrize("kind", ALL_CLASSES, ids=lambda kind: f"{kind.__module__}.{kind.__qualname__}")
def test_every_exception_class_of_every_module_pickles(kind: type[BaseException]) -> None:
    original = _example(kind)
    copy = pickle.loads(pickle.dumps(original))
    assert type(copy) is kind and str(copy) == str(original) and vars(copy) == vars(original)


def raise_a_chunk_error(p: np.ndarray) -> tyxq.Circuit:
    raise errors.ChunkError("an inner map failed", 4, 8, 10)


def test_a_chunk_error_raised_in_a_worker_process_reaches_the_caller_as_the_cause() -> None:
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        with pytest.raises(tyxq.ChunkError, match=r"chunk 0 of tyxq.map .* failed: ChunkError") as caught:
            tyxq.map(raise_a_chunk_error, np.zeros((2, 1)), tyxq.Z(0), executor=pool)
    inner = caught.value.__cause__
    assert isinstance(inner, tyxq.ChunkError)
    assert (inner.index, inner.start, inner.stop) == (4, 8, 10)
