"""Every exception and warning class of tyxq-ml and tyxq-torch survives pickling (a DataLoader worker, a
``torch.distributed`` rank or a process pool hands it back whole)."""

from __future__ import annotations

import importlib
import inspect
import pickle
import pkgutil
from types import ModuleType

import pytest

import tyxq_ml
import tyxq_torch


def exception_classes(*packages: ModuleType) -> list[type[BaseException]]:
    """Every exception (and warning) class defined in any module of ``packages``, private ones included."""
    found: dict[str, type[BaseException]] = {}
    for package in packages:
        for module_info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            if module_info.name.endswith(".__main__"):
                continue  # runs the command when imported
            module = importlib.import_module(module_info.name)
            for value in vars(module).values():
                if inspect.isclass(value) and issubclass(value, BaseException) and value.__module__ == module.__name__:
                    found[f"{value.__module__}.{value.__qualname__}"] = value
    return [found[name] for name in sorted(found)]


CLASSES = exception_classes(tyxq_ml, tyxq_torch)


def test_the_walk_finds_the_errors_of_the_ml_layer() -> None:
    names = {kind.__name__ for kind in CLASSES}
    assert {"DataError", "MissingDataError", "LayerError", "OutputFolderError", "NoGradientPathWarning"} <= names


@pytest.mark.parametrize("kind", CLASSES, ids=lambda kind: f"{kind.__module__}.{kind.__qualname__}")
def test_every_exception_class_pickles_with_its_type_and_message(kind: type[BaseException]) -> None:
    original = kind(f"a {kind.__name__} message: what was asked, what was found, what to do")
    copy = pickle.loads(pickle.dumps(original))
    assert type(copy) is kind and str(copy) == str(original) and vars(copy) == vars(original)
