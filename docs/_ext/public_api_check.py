"""Fail the build when a name in a public ``__all__`` is missing from the API reference.

List the modules in ``conf.py``::

    extensions = [..., "public_api_check"]
    public_api_modules = ["tyxq", "tyxq.testing"]

After reading every page, each name of each listed module's ``__all__`` must
be documented: as ``module.name`` (an autosummary entry or any ``py``
directive), as a documented module of that name, or, for a class, function
or module re-exported from elsewhere, as the same object documented under
another public name (``tyxq.grad`` is ``tyxq.gradients.grad``). Every miss
is a warning of type ``public-api``, which ``sphinx-build -W`` makes an
error; so is a listed module without ``__all__``.
"""

from __future__ import annotations

import importlib
import inspect
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

logger = logging.getLogger(__name__)


def _resolve(name: str) -> Any:
    """The object ``name`` (``package.module.attribute``) names, or ``None`` if it does not import."""
    parts = name.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            value: Any = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        try:
            for attribute in parts[cut:]:
                value = getattr(value, attribute)
        except AttributeError:
            return None
        return value
    return None


def _has_identity(value: Any) -> bool:
    """Whether ``value`` is one object wherever it is re-exported (unlike ``"0.1.0"`` or ``6``)."""
    return inspect.ismodule(value) or inspect.isclass(value) or inspect.isroutine(value)


def undocumented_names(modules: list[str], documented: set[str]) -> list[str]:
    """Each problem: a name of a module's ``__all__`` that ``documented`` (full names) does not cover."""
    documented_objects = {id(value) for value in map(_resolve, documented) if _has_identity(value)}
    problems = []
    for module_name in modules:
        module = importlib.import_module(module_name)
        public = getattr(module, "__all__", None)
        if public is None:
            problems.append(f"{module_name} is listed in public_api_modules but has no __all__")
            continue
        for name in public:
            full = f"{module_name}.{name}"
            if full in documented:
                continue
            value = getattr(module, name, None)
            if _has_identity(value) and id(value) in documented_objects:
                continue
            problems.append(
                f"{full} is in {module_name}.__all__ but the API reference does not document it: "
                f"add {name} to the autosummary of {module_name} under docs/api/, or remove it from __all__"
            )
    return problems


def check_public_api(app: Sphinx, env: BuildEnvironment) -> None:
    python = env.get_domain("py")
    documented = set(python.data["objects"]) | set(python.data["modules"])
    for problem in undocumented_names(app.config.public_api_modules, documented):
        logger.warning(problem, type="public-api", subtype="undocumented")


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("public_api_modules", [], "env", [list])
    app.connect("env-check-consistency", check_public_api)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
