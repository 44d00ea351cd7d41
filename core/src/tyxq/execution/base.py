"""``BaseExecutionMode``: what every execution mode shares, so that a mode writes only what differs.

The :class:`~tyxq.execution.ExecutionMode` protocol is the contract; this
base class implements it around one method a subclass writes,
:meth:`~BaseExecutionMode.distribution` (the probabilities of measuring some
qubits, ``(B, 2**k)``), and gives:

- **sampling** through the one sampler (:func:`tyxq.kernels.sampling.draw_indices`):
  ``sample`` draws from ``distribution``; with a shot count ``probabilities``
  returns the observed frequencies and ``expectation`` the estimates of every
  group of qubit-wise commuting terms, each group measured with the full
  ``shots`` after its basis change (:func:`tyxq.kernels.measure.grouped_expectations`);
  a shot vector (``shots=(100, 1000)``) draws the sum once and estimates
  from consecutive slices (:mod:`tyxq.execution.shot_vectors`), with a
  leading axis of one estimate per entry;
- **the seeded generator**: a call's ``seed`` (an int, a
  ``numpy.random.Generator``) or the mode's own generator, seeded from its
  ``seed`` option and locked while a call draws from it, with
  :meth:`~BaseExecutionMode.next_seed` for common random numbers;
- **the refusals**: a shot count given to a mode that takes none, a missing
  shot count where one is needed, a statevector or density matrix asked of a
  mode that has none, each a named error;
- **defaults** for ``classical`` (``False``: the verbs refuse mid-circuit
  measurements and ``bits=``), ``takes_shots``, ``accepts_shots``, ``exact``
  and ``pure``, read from the class;
- **value semantics**: a mode is its class and its constructor options, each
  kept as the attribute of the same name. Two modes with equal options are
  equal, the ``repr`` shows the options, and a mode pickles as its options
  (its generator starts afresh from ``seed``), so one mode object travels
  into a verb call, a ``TorchLayer`` or another process.

Example:
    A mode that flips a fair coin for every qubit, written on the base::

        >>> import numpy as np, tyxq
        >>> from tyxq.execution import BaseExecutionMode
        >>> class CoinMode(BaseExecutionMode):
        ...     name = "coin"
        ...     exact = False
        ...     accepts_shots = True
        ...     def distribution(self, circuit, qubits=None, *, backend, rng, bits=None):
        ...         k = circuit.n_qubits if qubits is None else len(qubits)
        ...         return backend.asarray(np.full((circuit.batch_size or 1, 2**k), 0.5**k))
        >>> tyxq.counts(tyxq.Circuit(2), 8, mode=CoinMode(), seed=1)
        {'00': 1, '01': 3, '10': 1, '11': 3}
        >>> round(float(tyxq.expectation(tyxq.Circuit(1), tyxq.X(0), mode=CoinMode(), shots=1000, seed=1)), 2)
        0.01
        >>> CoinMode() == CoinMode(), CoinMode()
        (True, CoinMode(shots=None, seed=None))
"""

from __future__ import annotations

import contextlib
import inspect
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from ..arguments import check_shot_vector, check_shots, make_rng
from ..backends.protocol import Array, Backend
from ..errors import CapabilityError, ConfigurationError, ShotsError
from ..kernels.measure import grouped_expectations
from ..kernels.reduced import reduced_from_states
from ..kernels.sampling import draw_indices, frequencies
from .shot_vectors import slice_frequencies

if TYPE_CHECKING:
    from ..circuit import Circuit
    from ..observables import Hamiltonian

__all__ = ["BaseExecutionMode"]


class BaseExecutionMode:
    """The shared half of an execution mode; a subclass sets ``name`` and writes ``distribution``.

    Class attributes (the defaults shown):

    - ``name``: the mode's registered name;
    - ``takes_shots = False``: results are always estimates from shots, so a
      shot count is needed (per call or as the ``shots`` option);
    - ``accepts_shots = False``: the mode estimates from shots when created
      with a ``shots`` option (the instance is then not exact) and, where it
      is not exact, from a shot count given per call (always true where
      ``takes_shots`` is);
    - ``exact = True``: values are exact (an instance made with a ``shots``
      option is not); an exact instance refuses a shot count per call;
    - ``pure = True``: the mode simulates a statevector;
    - ``classical = False``: the mode runs mid-circuit measurements, resets
      and conditions, and reads classical ``bits=``;
    - ``shot_vectors = True``: ``expectation`` and ``probabilities`` take a
      tuple of shot counts (:mod:`tyxq.execution.shot_vectors`);
    - ``distribution_draws = True``: :meth:`distribution` draws from its
      ``rng`` (as trajectories do). A mode whose distribution is computed
      without randomness sets it ``False``: it is then handed ``rng=None``
      and runs outside the lock of the mode's own generator, so calls in
      several threads simulate at once.

    Args:
        shots: the default shot count, used when a call gives none
            (``None``: exact values, or a :class:`~tyxq.errors.ShotsError`
            where shots are needed); only where ``accepts_shots``.
        seed: seeds the mode's own generator (an int, a
            ``numpy.random.Generator``, or ``None`` for fresh entropy).
    """

    name: ClassVar[str] = ""
    takes_shots: ClassVar[bool] = False
    accepts_shots: ClassVar[bool] = False
    exact: bool = True
    pure: ClassVar[bool] = True
    classical: ClassVar[bool] = False
    distribution_draws: ClassVar[bool] = True
    shot_vectors: ClassVar[bool] = True
    shots: int | None = None  # class defaults too: a subclass that skips __init__ still works
    seed: Any = None

    def __init__(self, *, shots: int | None = None, seed: Any = None) -> None:
        if shots is not None and not self.accepts_shots:
            raise ConfigurationError(self._refusal_of_shots(shots))
        if isinstance(shots, (list, tuple)):
            raise ShotsError(
                f"a mode's shots option is one count, got the shot vector {list(shots)!r}; give a shot vector to the "
                f"call instead: tyxq.expectation(circuit, observable, mode=mode, shots={list(shots)!r})"
            )
        self.shots = None if shots is None else check_shots(shots)
        if self.shots is not None:
            self.exact = False
        self.seed = seed
        self.__dict__["_generator"] = make_rng(seed)

    # --- what a subclass writes -------------------------------------------------------------

    def distribution(
        self,
        circuit: Circuit,
        qubits: Sequence[int] | None = None,
        *,
        backend: Backend,
        rng: np.random.Generator | None,
        bits: Sequence[int] | None = None,
    ) -> Array:
        """The probabilities that measuring ``qubits`` (all by default), or classical ``bits``, follows: ``(B, 2**k)``.

        The mode's exact values, or its estimate (drawn from ``rng``, which is
        ``None`` in a mode that declares ``distribution_draws = False``);
        shots are drawn from them. The first listed qubit is the most significant
        bit of the index.
        """
        raise NotImplementedError(f"{type(self).__name__} must implement distribution(circuit, qubits, ...)")

    def basis_distributions(
        self, circuit: Circuit, *, backend: Backend, rng: np.random.Generator | None
    ) -> Callable[[Circuit | None], Array]:
        """A function giving the ``(B, 2**n)`` probabilities of all qubits after a basis change.

        The basis change is a circuit of constant gates (``None``: the
        computational basis). By default each runs ``circuit`` followed by the
        basis change through :meth:`distribution`, as a device runs one
        circuit per measured basis; a mode that keeps a state overrides it to
        prepare the state once and rotate copies.
        """

        def measured(rotation: Circuit | None) -> Array:
            run = circuit if rotation is None else circuit.copy().compose(rotation)
            return self.distribution(run, None, backend=backend, rng=rng)

        return measured

    def expectation_values(
        self, circuit: Circuit, observables: Sequence[Hamiltonian], *, backend: Backend, rng: np.random.Generator | None
    ) -> Array:
        """The values ``(B, K)`` without shots: by default read off :meth:`basis_distributions`, one per group."""
        measured = self.basis_distributions(circuit, backend=backend, rng=rng)
        return grouped_expectations(backend, circuit.n_qubits, observables, measured, circuit.batch_size or 1)

    # --- the protocol -----------------------------------------------------------------------

    def expectation(
        self,
        circuit: Circuit,
        observables: Sequence[Hamiltonian],
        *,
        backend: Backend,
        shots: int | tuple[int, ...] | None = None,
        seed: Any = None,
    ) -> Array:
        """⟨O_k⟩ ``(B, K)``: exact (or the mode's estimate) without shots, else estimated from ``shots`` per group.

        A shot vector ``(s_1, …, s_S)`` gives ``(S, B, K)``: each group draws
        ``sum`` shots once and entry ``j`` estimates from its ``j``-th slice.
        """
        count = self.shot_count(shots)
        if count is None:
            with self._generator_if(self.distribution_draws, seed) as rng:
                return self.expectation_values(circuit, observables, backend=backend, rng=rng)
        vector = count if isinstance(count, tuple) else (count,)
        measured = None if self.distribution_draws else self.basis_distributions(circuit, backend=backend, rng=None)
        with self.generator(seed) as rng:
            if measured is None:
                measured = self.basis_distributions(circuit, backend=backend, rng=rng)
            dim, batch = 2**circuit.n_qubits, circuit.batch_size or 1

            def observed(rotation: Circuit | None) -> Array:
                indices = draw_indices(backend, measured(rotation), sum(vector), rng)
                return slice_frequencies(backend, indices, vector, dim)  # (S × B, dim), slice-major

            values = grouped_expectations(backend, circuit.n_qubits, observables, observed, len(vector) * batch)
        if isinstance(count, tuple):
            return backend.reshape(values, (len(vector), batch, len(observables)))
        return values

    def probabilities(
        self,
        circuit: Circuit,
        qubits: Sequence[int] | None = None,
        *,
        backend: Backend,
        shots: int | tuple[int, ...] | None = None,
        seed: Any = None,
        bits: Sequence[int] | None = None,
    ) -> Array:
        """Probabilities of ``qubits`` (or ``bits``) ``(B, 2**k)``; with ``shots``, the frequencies of the draws.

        A shot vector ``(s_1, …, s_S)`` gives ``(S, B, 2**k)``, the frequencies
        of consecutive slices of ``sum`` draws.
        """
        count = self.shot_count(shots)
        if count is None:
            with self._generator_if(self.distribution_draws, seed) as rng:
                return self.distribution(circuit, qubits, backend=backend, rng=rng, bits=bits)
        vector = count if isinstance(count, tuple) else (count,)
        indices = self._draw(circuit, qubits, bits, backend, sum(vector), seed)
        read = bits if bits is not None else qubits
        dim = 2 ** (circuit.n_qubits if read is None else len(read))
        if isinstance(count, tuple):
            return backend.reshape(
                slice_frequencies(backend, indices, vector, dim), (len(vector), indices.shape[0], dim)
            )
        return frequencies(backend, indices, dim)

    def sample(
        self,
        circuit: Circuit,
        qubits: Sequence[int] | None = None,
        *,
        backend: Backend,
        shots: int | None = None,
        seed: Any = None,
        bits: Sequence[int] | None = None,
    ) -> np.ndarray:
        """``shots`` draws from :meth:`distribution`: host int64 basis-state indices ``(B, shots)``."""
        count = shots if shots is not None else self.shots
        if count is None:
            created = f", or a mode created with one: tyxq.{type(self).__name__}(shots=1000)"
            raise ShotsError(
                "sampling needs a shot count: tyxq.sample(circuit, 1000) or tyxq.counts(circuit, 1000)"
                + (created if self.accepts_shots else "")
            )
        return self._draw(circuit, qubits, bits, backend, check_shots(count), seed)

    def _draw(
        self,
        circuit: Circuit,
        qubits: Sequence[int] | None,
        bits: Sequence[int] | None,
        backend: Backend,
        count: int,
        seed: Any,
    ) -> np.ndarray:
        """``count`` indices drawn from :meth:`distribution` (computed outside the lock where it draws nothing)."""
        probs = None
        if not self.distribution_draws:
            probs = self.distribution(circuit, qubits, backend=backend, rng=None, bits=bits)
        with self.generator(seed) as rng:
            if probs is None:
                probs = self.distribution(circuit, qubits, backend=backend, rng=rng, bits=bits)
            return draw_indices(backend, probs, count, rng)

    def state(self, circuit: Circuit, *, backend: Backend) -> Array:
        """Refused unless a subclass simulates the statevector: a :class:`~tyxq.errors.CapabilityError`."""
        raise CapabilityError(
            f"the {self.name} mode has no statevector to return (exact={self.exact}, pure={self.pure}); ask for "
            "tyxq.probabilities, tyxq.expectation or tyxq.counts, for the density matrix with tyxq.density_matrix in "
            'an exact mode, or for the state of the noise-free circuit in mode="statevector"'
        )

    def density_matrix(self, circuit: Circuit, qubits: Sequence[int] | None = None, *, backend: Backend) -> Array:
        """The (reduced) density matrices of ``qubits`` (all by default): ``(B, 2**k, 2**k)``.

        An exact, pure mode reduces its :meth:`state`; a mode that is not
        exact refuses with a :class:`~tyxq.errors.CapabilityError`.
        """
        if not (self.exact and self.pure):
            raise CapabilityError(
                f"the {self.name} mode is not exact (or keeps no state), so it has no density matrix to return; ask "
                'for it in an exact mode: tyxq.density_matrix(circuit, mode="density_matrix") for noisy circuits, '
                'mode="statevector" for noise-free ones'
            )
        n = circuit.n_qubits
        kept = range(n) if qubits is None else qubits
        return reduced_from_states(backend, self.state(circuit, backend=backend), n, kept)

    # --- shared parts -----------------------------------------------------------------------

    def shot_count(self, shots: int | tuple[int, ...] | None) -> int | tuple[int, ...] | None:
        """The shot count of one call (its own, else the mode's), ``None`` for exact values; refusals named.

        A shot vector (a tuple or list of counts) comes back as a checked tuple.

        An exact mode refuses a shot count per call, so that ``exact`` stays
        true of every value it returns (the gradient methods rely on it): a
        mode that accepts shots estimates from them when created with a
        ``shots`` option, which makes it inexact, or when it is inexact anyway.
        """
        if shots is not None and not self.takes_shots:
            if not self.accepts_shots:
                raise ShotsError(self._refusal_of_shots(shots))
            if self.exact:
                raise ShotsError(
                    f"the {self.name} mode gives exact values, but shots={shots!r} was given to the call; for "
                    f"estimates from shots create the mode with a shot count, which makes it inexact (so gradients "
                    f"treat its values as samples): mode=tyxq.{type(self).__name__}(..., shots={shots!r})"
                )
        count = shots if shots is not None else self.shots
        if count is None:
            if self.takes_shots:
                raise ShotsError(
                    f"the {self.name} mode needs a shot count: pass shots=1000 (for example) to the call, or "
                    f"create the mode with one: mode=tyxq.{type(self).__name__}(shots=1000)"
                )
            return None
        return check_shot_vector(count) if isinstance(count, (list, tuple)) else check_shots(count)

    def _refusal_of_shots(self, shots: Any) -> str:
        return (
            f"the {self.name} mode takes no shots (exact={self.exact}), but shots={shots!r} was given; to estimate "
            'from samples pass mode="shots" (or mode="density_matrix" for noisy circuits), or draw them with '
            "tyxq.sample / tyxq.counts"
        )

    @contextlib.contextmanager
    def _generator_if(self, needed: bool, seed: Any) -> Iterator[np.random.Generator | None]:
        """:meth:`generator` where the call draws, else ``None`` (no lock taken)."""
        if not needed:
            yield None
            return
        with self.generator(seed) as rng:
            yield rng

    @contextlib.contextmanager
    def generator(self, seed: Any = None) -> Iterator[np.random.Generator]:
        """The generator of one call: ``seed``'s, or the mode's own one, locked while the call draws from it."""
        if seed is None:
            with self._locked_generator() as generator:
                yield generator
        else:
            yield make_rng(seed)

    def next_seed(self) -> int:
        """An int seed drawn from the mode's own generator (common random numbers for finite differences)."""
        with self._locked_generator() as generator:
            return int(generator.integers(2**63))

    @contextlib.contextmanager
    def _locked_generator(self) -> Iterator[np.random.Generator]:
        """The mode's own generator, locked; made here from ``seed`` where a subclass skipped ``__init__``."""
        lock: threading.Lock = self.__dict__.setdefault("_lock", threading.Lock())  # setdefault: one lock
        with lock:
            generator = self.__dict__.get("_generator")
            if generator is None:
                generator = self.__dict__["_generator"] = make_rng(self.seed)
            yield generator

    # --- a mode with its options is a value ------------------------------------------------------

    def options(self) -> dict[str, Any]:
        """The constructor options, each read from the attribute of the same name.

        Example:
            >>> import tyxq
            >>> tyxq.ShotsMode(shots=100, seed=3).options()
            {'shots': 100, 'seed': 3}
        """
        found = {}
        for parameter in inspect.signature(type(self)).parameters.values():
            if parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD):
                continue
            if not hasattr(self, parameter.name):
                raise ConfigurationError(
                    f"the execution mode {type(self).__name__} keeps its constructor option {parameter.name!r} under "
                    f"another name, so it cannot be compared, shown or sent to another process: keep every option "
                    f"as the attribute of the same name (self.{parameter.name} = {parameter.name})"
                )
            found[parameter.name] = getattr(self, parameter.name)
        return found

    def __repr__(self) -> str:
        shown = ", ".join(f"{key}={value!r}" for key, value in self.options().items())
        return f"{type(self).__name__}({shown})"

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self.options() == other.options()

    def __hash__(self) -> int:
        return hash((type(self), tuple(self.options().items())))

    def __reduce__(self) -> tuple[Any, ...]:
        return (_recreate, (type(self), self.options()))


def _recreate(cls: type[BaseExecutionMode], options: dict[str, Any]) -> BaseExecutionMode:
    """A mode from its class and options: how a mode is unpickled."""
    return cls(**options)
