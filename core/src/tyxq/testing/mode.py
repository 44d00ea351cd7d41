"""Execution-mode conformance: shapes, exactness or statistics, seeds, and errors.

Class attributes a subclass sets:

- ``mode_name`` (or ``--tyxq-mode``) and ``mode_options``;
- ``backend_name`` (or ``--tyxq-backend``; ``numpy`` by default) and
  ``backend_options``: the backend the mode runs on;
- ``shots``: the shot count passed to each call of a mode that takes shots.

A mode declaring ``exact`` must agree with the numpy statevector to the
dtype's tolerance. A mode that takes shots must reproduce its samples from an
integer seed, advance a ``numpy.random.Generator`` seed, refuse invalid shot
counts, and give estimates within five standard errors of the exact values.
A mode that takes no shots must refuse a shot count where it is exact or
does not declare ``accepts_shots``; an inexact one that accepts them must
estimate from them. Every mode returns
results with the batch axis (the verbs drop it), measures a list of
observables in one call, draws shots through the one sampler (the same seed
gives the same shots through ``sample``, ``counts`` and, for modes that
take shots, ``probabilities``), and either gives the final state (exact
modes that are pure) or refuses with ``CapabilityError``. Modes that run
noise channels also pass :class:`~tyxq.testing.NoisyModeConformance`.

The checks call the modes through the public verbs (``tyxq.expectation``
with ``mode=``), which is how users reach them.

Example:
    A plugin's test module::

        from tyxq.testing import ExecutionModeConformance

        class TestNoisyMode(ExecutionModeConformance):
            mode_name = "depolarized"
            mode_options = {"strength": 0.0}
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

import numpy as np
import pytest

from ..api import counts, expectation, probabilities, sample, state
from ..backends.protocol import Backend
from ..context import execution_mode_instance, use_execution_mode
from ..errors import CapabilityError, ObservableError, QubitIndexError, ShotsError
from ..observables import PauliString
from ..plugins.manager import get_plugin_manager
from ..plugins.types import ExecutionModePlugin, normalize_name
from .backend_suite import BackendSuite
from .base import plugin_choice
from .circuits import (
    random_circuit_spec,
    random_hamiltonian,
    reference_expectation,
    reference_probabilities,
    reference_state,
)

__all__ = ["ExecutionModeConformance"]

_BATCH = 3


class ExecutionModeConformance(BackendSuite):
    """An execution mode checked against the numpy statevector."""

    mode_name: ClassVar[str | None] = None
    mode_options: ClassVar[Mapping[str, Any]] = {}
    default_backend_name: ClassVar[str | None] = "numpy"
    shots: ClassVar[int] = 20_000

    def mode_choice(self, config: pytest.Config) -> tuple[str, dict[str, Any]]:
        """The mode name and options: class attributes, completed from the command line."""
        return plugin_choice(config, "mode", self.mode_name, self.mode_options, None)

    @pytest.fixture
    def mode(self, request: pytest.FixtureRequest, backend: Backend) -> Iterator[Any]:
        name, options = self.mode_choice(request.config)
        created = execution_mode_instance(name, **options)
        with use_execution_mode(created):
            yield created

    def call_options(self, mode: Any) -> dict[str, Any]:
        """``shots`` for a mode that takes them, nothing otherwise."""
        return {"shots": self.shots} if mode.takes_shots else {}

    # --- declarations ----------------------------------------------------------------------

    def test_satisfies_execution_mode_protocol(self, request: pytest.FixtureRequest, mode: Any) -> None:
        from ..execution import ExecutionMode

        assert isinstance(mode, ExecutionMode), "the mode lacks attributes or methods of tyxq.execution.ExecutionMode"
        assert mode.name == normalize_name(self.mode_choice(request.config)[0])
        assert isinstance(mode.takes_shots, bool) and isinstance(mode.exact, bool) and isinstance(mode.pure, bool)

    def test_registration_agrees_with_the_mode(self, mode: Any) -> None:
        record = get_plugin_manager().get("mode", mode.name).record
        assert isinstance(record, ExecutionModePlugin)
        assert record.takes_shots == mode.takes_shots, (
            f"registered takes_shots={record.takes_shots}, but the mode says {mode.takes_shots}"
        )

    # --- shapes and types ------------------------------------------------------------------

    @pytest.mark.parametrize("batched", [False, True], ids=["single", "batched"])
    def test_expectation_shape_and_type(self, backend: Backend, mode: Any, batched: bool) -> None:
        spec = random_circuit_spec(np.random.default_rng(1), 3, 12, batch=_BATCH if batched else None, inputs=batched)
        value = expectation(
            spec.build(backend),
            random_hamiltonian(np.random.default_rng(2), 3),
            mode=mode,
            **self.call_options(mode),
        )
        assert backend.is_array(value), f"expectation returned a {type(value).__name__}, not an array of the backend"
        assert backend.shape(value) == ((_BATCH,) if batched else ())
        assert np.dtype(backend.dtype_name(value)).kind == "f"

    @pytest.mark.parametrize("batched", [False, True], ids=["single", "batched"])
    def test_probabilities_shape_and_normalisation(self, backend: Backend, mode: Any, batched: bool) -> None:
        spec = random_circuit_spec(np.random.default_rng(3), 3, 12, batch=_BATCH if batched else None, inputs=batched)
        probs = probabilities(spec.build(backend), qubits=[2, 0], mode=mode, **self.call_options(mode))
        assert backend.is_array(probs)
        assert backend.shape(probs) == ((_BATCH, 4) if batched else (4,))
        host = self.host(backend, probs)
        assert np.all(host >= -self.atol(backend.complex_dtype))
        np.testing.assert_allclose(host.sum(axis=-1), 1.0, atol=10 * self.atol(backend.complex_dtype))

    def test_modes_return_the_batch_axis_and_take_lists_of_observables(self, backend: Backend, mode: Any) -> None:
        spec = random_circuit_spec(np.random.default_rng(4), 3, 12)
        observables = [random_hamiltonian(np.random.default_rng(5 + k), 3) for k in range(3)]
        values = mode.expectation(spec.build(backend), observables, backend=backend, **self.call_options(mode))
        assert backend.shape(values) == (1, 3), "a mode returns (B, K) expectations, B = 1 when nothing is batched"
        probs = mode.probabilities(spec.build(backend), None, backend=backend, **self.call_options(mode))
        assert backend.shape(probs) == (1, 8), "a mode returns (B, 2**k) probabilities"

    def test_several_observables_agree_with_single_calls(self, backend: Backend, mode: Any) -> None:
        self.skip_without(mode.exact, "exact results", f"mode {mode.name!r} has exact=False")
        spec = random_circuit_spec(np.random.default_rng(6), 3, 12, batch=_BATCH)
        observables = [random_hamiltonian(np.random.default_rng(7 + k), 3) for k in range(3)]
        together = self.host(backend, expectation(spec.build(backend), observables, mode=mode))
        assert together.shape == (_BATCH, 3)
        for k, observable in enumerate(observables):
            self.assert_close(backend, together[:, k], reference_expectation(spec, observable), f"⟨{observable}⟩")

    def test_one_seed_gives_the_same_shots_through_every_verb(self, backend: Backend, mode: Any) -> None:
        circuit = random_circuit_spec(np.random.default_rng(8), 3, 12).build(backend)
        bits = self.host(backend, sample(circuit, 400, mode=mode, seed=12))
        table = counts(circuit, 400, mode=mode, seed=12)
        rows: dict[str, int] = {}
        for row in bits.astype(int).tolist():
            label = "".join(map(str, row))
            rows[label] = rows.get(label, 0) + 1
        assert table == dict(sorted(rows.items())), "sample and counts drew different shots from one seed"
        if mode.takes_shots:
            frequencies = self.host(backend, probabilities(circuit, mode=mode, shots=400, seed=12))
            expected = np.zeros(8)
            for label, count in table.items():
                expected[int(label, 2)] = count / 400
            np.testing.assert_allclose(frequencies, expected, atol=1e-6)

    def test_state_is_the_statevector_or_refused(self, backend: Backend, mode: Any) -> None:
        spec = random_circuit_spec(np.random.default_rng(9), 3, 12)
        if not (mode.exact and mode.pure):
            with pytest.raises(CapabilityError):
                state(spec.build(backend), mode=mode)
            return
        self.assert_close(backend, state(spec.build(backend), mode=mode), reference_state(spec), "final state")

    # --- exact modes -----------------------------------------------------------------------

    @pytest.mark.parametrize("seed", range(4))
    def test_exact_expectations_match_numpy(self, backend: Backend, mode: Any, seed: int) -> None:
        self.skip_without(mode.exact, "exact results", f"mode {mode.name!r} has exact=False")
        rng = np.random.default_rng(10 + seed)
        spec = random_circuit_spec(rng, 1 + seed, 20, batch=_BATCH if seed % 2 else None)
        observable = random_hamiltonian(rng, 1 + seed)
        value = expectation(spec.build(backend), observable, mode=mode, **self.call_options(mode))
        self.assert_close(backend, value, reference_expectation(spec, observable), f"⟨{observable}⟩")

    def test_exact_probabilities_match_numpy(self, backend: Backend, mode: Any) -> None:
        self.skip_without(mode.exact, "exact results", f"mode {mode.name!r} has exact=False")
        spec = random_circuit_spec(np.random.default_rng(20), 4, 25, batch=_BATCH)
        probs = probabilities(spec.build(backend), qubits=[3, 1], mode=mode, **self.call_options(mode))
        self.assert_close(backend, probs, reference_probabilities(spec, [3, 1]), "marginal probabilities")

    def test_shots_declaration_holds(self, backend: Backend, mode: Any) -> None:
        circuit = random_circuit_spec(np.random.default_rng(21), 2, 5).build(backend)
        observable = PauliString(((0, "Z"),))
        if mode.takes_shots or (getattr(mode, "accepts_shots", False) and not mode.exact):  # optional attribute
            value = expectation(circuit, observable, mode=mode, shots=100, seed=1)
            assert np.all(np.abs(self.host(backend, value)) <= 1.0), "an estimate of ⟨Z⟩ left [-1, 1]"
            assert np.allclose(self.host(backend, value) * 100 % 1, 0) or np.allclose(
                self.host(backend, value) * 100 % 1, 1
            ), "an estimate from 100 shots is a multiple of 1/100"
            return
        with pytest.raises(ShotsError):
            expectation(circuit, observable, mode=mode, shots=100)

    # --- modes that take shots -------------------------------------------------------------

    def _sampled(self, backend: Backend, mode: Any, seed: Any) -> tuple[np.ndarray, np.ndarray]:
        circuit = random_circuit_spec(np.random.default_rng(30), 3, 15).build(backend)
        value = expectation(circuit, random_hamiltonian(np.random.default_rng(31), 3), mode=mode, shots=500, seed=seed)
        probs = probabilities(circuit, mode=mode, shots=500, seed=seed)
        return self.host(backend, value), self.host(backend, probs)

    def test_an_integer_seed_reproduces_samples(self, backend: Backend, mode: Any) -> None:
        self.skip_without(mode.takes_shots, "shots", f"mode {mode.name!r} has takes_shots=False")
        for first, second in zip(self._sampled(backend, mode, 17), self._sampled(backend, mode, 17), strict=True):
            np.testing.assert_array_equal(first, second)

    def test_a_generator_seed_advances(self, backend: Backend, mode: Any) -> None:
        self.skip_without(mode.takes_shots, "shots", f"mode {mode.name!r} has takes_shots=False")
        generator = np.random.default_rng(18)
        first, second = self._sampled(backend, mode, generator), self._sampled(backend, mode, generator)
        assert not np.array_equal(first[1], second[1]), "two calls with one generator drew identical samples"
        replayed = self._sampled(backend, mode, np.random.default_rng(18))
        np.testing.assert_array_equal(first[1], replayed[1])

    @pytest.mark.parametrize("seed", range(4))
    def test_estimates_lie_within_five_standard_errors(self, backend: Backend, mode: Any, seed: int) -> None:
        self.skip_without(mode.takes_shots, "shots", f"mode {mode.name!r} has takes_shots=False")
        rng = np.random.default_rng(40 + seed)
        spec = random_circuit_spec(rng, 3, 15, batch=_BATCH if seed % 2 else None)
        string = PauliString(tuple((q, str(rng.choice(["X", "Y", "Z"]))) for q in range(3)))
        exact = reference_expectation(spec, string)
        value = self.host(backend, expectation(spec.build(backend), string, mode=mode, shots=self.shots, seed=seed))
        bound = 5 * np.sqrt((1 - exact**2) / self.shots) + 1e-3
        assert np.all(np.abs(value - exact) <= bound), f"estimate {value} vs exact {exact} (bound {bound})"

    def test_probability_estimates_lie_within_five_standard_errors(self, backend: Backend, mode: Any) -> None:
        self.skip_without(mode.takes_shots, "shots", f"mode {mode.name!r} has takes_shots=False")
        spec = random_circuit_spec(np.random.default_rng(50), 3, 15)
        exact = reference_probabilities(spec)
        estimate = self.host(backend, probabilities(spec.build(backend), mode=mode, shots=self.shots, seed=3))
        bound = 5 * np.sqrt(exact * (1 - exact) / self.shots) + 1e-3
        assert np.all(np.abs(estimate - exact) <= bound), f"estimate {estimate} vs exact {exact}"

    @pytest.mark.parametrize("shots", [0, -5, 2.5, True], ids=["zero", "negative", "fractional", "bool"])
    def test_invalid_shot_counts_raise_shots_error(self, backend: Backend, mode: Any, shots: Any) -> None:
        self.skip_without(mode.takes_shots, "shots", f"mode {mode.name!r} has takes_shots=False")
        circuit = random_circuit_spec(np.random.default_rng(22), 2, 5).build(backend)
        with pytest.raises(ShotsError):
            expectation(circuit, PauliString(((0, "Z"),)), mode=mode, shots=shots)

    # --- errors ----------------------------------------------------------------------------

    def test_observable_beyond_the_circuit_raises_observable_error(self, backend: Backend, mode: Any) -> None:
        circuit = random_circuit_spec(np.random.default_rng(23), 2, 5).build(backend)
        with pytest.raises(ObservableError):
            expectation(circuit, PauliString(((5, "Z"),)), mode=mode, **self.call_options(mode))

    def test_invalid_qubits_raise_qubit_index_error(self, backend: Backend, mode: Any) -> None:
        circuit = random_circuit_spec(np.random.default_rng(24), 2, 5).build(backend)
        with pytest.raises(QubitIndexError):
            probabilities(circuit, qubits=[0, 0], mode=mode, **self.call_options(mode))
        with pytest.raises(QubitIndexError):
            probabilities(circuit, qubits=[2], mode=mode, **self.call_options(mode))
