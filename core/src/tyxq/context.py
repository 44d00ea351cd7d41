"""The active selection: backend, execution mode and gradient method, chosen by name.

Each choice lives in a :class:`contextvars.ContextVar`, so ``use_backend``
(and ``use_execution_mode``, ``use_gradient_method``) is safe in threads and
async code; ``set_*`` also sets the process-wide default that threads without
a choice of their own see. Every public verb reads the selection once, at
its start, and hands the backend and mode down as arguments: the kernels
below never read it, so a ``set_backend`` in another thread cannot mix two
backends inside one call. The default is the
``TYXQ_BACKEND`` environment variable, else ``numpy``. An unknown name is an
error that lists what is installed and how to add more; nothing falls back
silently.

Example:
    >>> import tyxq
    >>> with tyxq.use_backend("numpy", dtype="complex64"):
    ...     tyxq.state(tyxq.Circuit(1).h(0)).dtype
    dtype('complex64')
    >>> tyxq.get_backend().complex_dtype
    'complex128'
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import os
import threading
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

from .backends.protocol import Backend
from .errors import ConfigurationError, PluginError
from .plugins.manager import KIND_TEXT, get_plugin_manager
from .settings import check_settings

__all__ = [
    "set_backend",
    "use_backend",
    "get_backend",
    "available_backends",
    "backend_instance",
    "set_gradient_method",
    "use_gradient_method",
    "get_gradient_method",
    "available_gradient_methods",
    "gradient_method_instance",
    "set_execution_mode",
    "use_execution_mode",
    "get_execution_mode",
    "available_execution_modes",
    "execution_mode_instance",
]

logger = logging.getLogger("tyxq")

_LOCK = threading.Lock()
_Key = tuple[str, tuple[tuple[str, Any], ...]]


def _article(text: str) -> str:
    return "an" if text[0] in "aeiou" else "a"


def _canonical_options(options: dict[str, Any]) -> dict[str, Any]:
    """``options`` with a NumPy dtype object or type given as ``dtype`` replaced by its name.

    ``np.dtype("complex64")`` and ``np.complex64`` mean ``"complex64"``; the
    backend itself refuses names it does not compute in (``"float32"``).

    Example:
        >>> _canonical_options({"dtype": np.complex64})
        {'dtype': 'complex64'}
    """
    dtype = options.get("dtype")
    if dtype is None or isinstance(dtype, str):
        return options
    try:
        name = np.dtype(dtype).name
    except TypeError:  # not a NumPy dtype (a torch dtype, a number): the backend's check names it
        return options
    return {**options, "dtype": name}


def _has_name(obj: Any) -> bool:
    """Whether ``obj`` can be a plugin object: the protocols of modes and methods live above; all have a name."""
    return isinstance(getattr(obj, "name", None), str)


class _Selection:
    """The active choice of one plugin kind (backend, gradient method or execution mode), by name or object.

    ``accepts`` tells an object of the kind from anything else, ``canonical``
    rewrites options to one spelling before instances are shared, and
    ``example`` shows a correct call in messages.
    """

    def __init__(
        self,
        kind: str,
        default: str,
        environment: str,
        accepts: Callable[[Any], bool] = _has_name,
        canonical: Callable[[dict[str, Any]], dict[str, Any]] = dict,
        example: str = "",
    ) -> None:
        self.kind = kind
        self.text = KIND_TEXT[kind]
        self.default = default
        self.environment = environment
        self.accepts = accepts
        self.canonical = canonical
        self.example = example
        self.active: contextvars.ContextVar[Any] = contextvars.ContextVar(f"tyxq_{kind}", default=None)
        self.fallback: list[Any] = []
        self.instances: dict[_Key, Any] = {}

    def key(self, name: Any, options: dict[str, Any]) -> _Key:
        """The cache key of ``name`` with ``options``; a name that is no string or an unhashable option is refused."""
        if not isinstance(name, str):
            raise ConfigurationError(
                f"{_article(self.text)} {self.text} is chosen by its name, a string, not {name!r}; pass one of the "
                f"installed names ({', '.join(self.available())})"
            )
        for option, value in options.items():
            try:
                hash(value)
            except TypeError:
                raise ConfigurationError(
                    f"option {option}={value!r} of the {self.text} {name!r} is a {type(value).__name__}; options are "
                    "plain values (strings, numbers): pass one value, not a collection"
                ) from None
        return (name.lower(), tuple(sorted(options.items())))

    def instance(self, name: str, **options: Any) -> Any:
        """The plugin ``name`` created with ``options``, one shared instance per combination."""
        options = self.canonical(options)
        key = self.key(name, options)
        with _LOCK:
            found = self.instances.get(key)
        if found is None:
            found = get_plugin_manager().create(self.kind, name, **options)
            with _LOCK:
                found = self.instances.setdefault(key, found)
        return found

    def resolve(self, name: Any, options: dict[str, Any]) -> Any:
        if isinstance(name, str):
            return self.instance(name, **options)
        if not self.accepts(name):
            raise ConfigurationError(
                f"{_article(self.text)} {self.text} is chosen by its name or given as "
                f"{'a Backend object' if self.kind == 'backend' else 'an object with a name'}, not {name!r}; "
                f"installed: {', '.join(self.available())}{self.example and f' (e.g. {self.example})'}"
            )
        if options:
            raise ConfigurationError(
                f"options {sorted(options)} were given with the {self.text} object {name!r}; options are only accepted "
                f"together with a name{self.example and f': {self.example}'}"
            )
        return name

    def set(self, name: Any, options: dict[str, Any]) -> Any:
        chosen = self.resolve(name, options)
        self.active.set(chosen)
        self.fallback[:] = [chosen]
        logger.info("active %s: %r", self.text, chosen)
        return chosen

    @contextlib.contextmanager
    def use(self, name: Any, options: dict[str, Any]) -> Iterator[Any]:
        token = self.active.set(self.resolve(name, options))
        logger.debug("using %s %r in a with block", self.text, self.active.get())
        try:
            yield self.active.get()
        finally:
            self.active.reset(token)

    def get(self) -> Any:
        chosen = self.active.get()
        if chosen is not None:
            return chosen
        if not self.fallback:
            self.fallback.append(self.from_environment())
        return self.fallback[0]

    def from_environment(self) -> Any:
        """The plugin named by the environment variable (the default if unset), saying where it came from."""
        check_settings()
        given = (os.environ.get(self.environment) or "").strip()
        name = given or self.default
        try:
            chosen = self.instance(name)
        except PluginError as error:
            if name == self.default:
                raise
            raise type(error)(f"{self.environment}={name!r} in the environment: {error}") from error
        logger.info(
            "default chosen: %r (%s)", chosen, f"from {self.environment}" if given else f"{self.environment} unset"
        )
        return chosen

    def available(self) -> list[str]:
        return get_plugin_manager().names(self.kind)


_BACKEND = _Selection(
    "backend",
    "numpy",
    "TYXQ_BACKEND",
    accepts=lambda obj: isinstance(obj, Backend),
    canonical=_canonical_options,
    example='tyxq.set_backend("numpy", dtype="complex64")',
)
_GRADIENT = _Selection("gradient", "auto", "TYXQ_GRADIENT")
_MODE = _Selection("mode", "statevector", "TYXQ_MODE")


def backend_instance(name: str, **options: Any) -> Backend:
    """The backend ``name`` created with ``options`` (one shared instance per combination).

    ``dtype`` may be a name (``"complex64"``) or a NumPy dtype (``np.dtype("complex64")``, ``np.complex64``).

    Example:
        >>> backend_instance("numpy") is backend_instance("numpy")
        True
        >>> backend_instance("numpy", dtype=np.complex64) is backend_instance("numpy", dtype="complex64")
        True
    """
    return _BACKEND.instance(name, **options)


def set_backend(name: str | Backend, **options: Any) -> Backend:
    """Make ``name`` (with ``options`` such as ``dtype="complex64"``) the active backend; returns it.

    A ``Backend`` object is accepted too (options must then be empty).

    Example:
        >>> import tyxq
        >>> tyxq.set_backend("numpy", dtype="complex128").name
        'numpy'
    """
    return _BACKEND.set(name, options)


def use_backend(name: str | Backend, **options: Any) -> contextlib.AbstractContextManager[Backend]:
    """Use ``name`` as the active backend inside a ``with`` block.

    Example:
        >>> import tyxq
        >>> with tyxq.use_backend("numpy") as backend:
        ...     backend.name
        'numpy'
    """
    return _BACKEND.use(name, options)


def get_backend() -> Backend:
    """The active backend (``TYXQ_BACKEND`` or ``numpy`` until one is set).

    Example:
        >>> import tyxq
        >>> tyxq.get_backend().name in tyxq.available_backends()
        True
    """
    return _BACKEND.get()


def available_backends() -> list[str]:
    """Names of the backends that can be selected, sorted (no backend library is imported).

    Conflicting and incompatible ones are left out; ``tyxq plugins`` lists
    them with the reason.

    Example:
        >>> import tyxq
        >>> "numpy" in tyxq.available_backends()
        True
    """
    return _BACKEND.available()


def gradient_method_instance(name: str, **options: Any) -> Any:
    """The gradient method ``name`` created with ``options`` (one shared instance per combination)."""
    return _GRADIENT.instance(name, **options)


def set_gradient_method(name: Any, **options: Any) -> Any:
    """Make ``name`` the default gradient method of ``value_and_grad``; returns it.

    Example:
        >>> import tyxq
        >>> tyxq.set_gradient_method("adjoint").name
        'adjoint'
        >>> _ = tyxq.set_gradient_method("auto")
    """
    return _GRADIENT.set(name, options)


def use_gradient_method(name: Any, **options: Any) -> contextlib.AbstractContextManager[Any]:
    """Use gradient method ``name`` inside a ``with`` block.

    Example:
        >>> import tyxq
        >>> with tyxq.use_gradient_method("finite_difference") as method:
        ...     method.name
        'finite_difference'
    """
    return _GRADIENT.use(name, options)


def get_gradient_method() -> Any:
    """The active gradient method (``TYXQ_GRADIENT`` or ``auto`` until one is set)."""
    return _GRADIENT.get()


def available_gradient_methods() -> list[str]:
    """Names of the installed gradient methods, sorted.

    Example:
        >>> import tyxq
        >>> "parameter_shift" in tyxq.available_gradient_methods()
        True
    """
    return _GRADIENT.available()


def execution_mode_instance(name: str, **options: Any) -> Any:
    """The execution mode ``name`` created with ``options`` (one shared instance per combination)."""
    return _MODE.instance(name, **options)


def set_execution_mode(name: Any, **options: Any) -> Any:
    """Make ``name`` (``statevector``, ``shots``, or a plugin's) the active execution mode; returns it.

    Example:
        >>> import tyxq
        >>> tyxq.set_execution_mode("statevector").name
        'statevector'
    """
    return _MODE.set(name, options)


def use_execution_mode(name: Any, **options: Any) -> contextlib.AbstractContextManager[Any]:
    """Use execution mode ``name`` inside a ``with`` block.

    Example:
        >>> import tyxq
        >>> with tyxq.use_execution_mode("shots") as mode:
        ...     mode.takes_shots
        True
    """
    return _MODE.use(name, options)


def get_execution_mode() -> Any:
    """The active execution mode (``TYXQ_MODE`` or ``statevector`` until one is set)."""
    return _MODE.get()


def available_execution_modes() -> list[str]:
    """Names of the installed execution modes, sorted.

    Example:
        >>> import tyxq
        >>> {"density_matrix", "shots", "statevector"} <= set(tyxq.available_execution_modes())
        True
    """
    return _MODE.available()
