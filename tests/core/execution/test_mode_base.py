"""The mode base class: one sampler, one generator, one set of refusals, and a mode with its options as a value."""

from __future__ import annotations

import copy
import pickle
from typing import ClassVar

import numpy as np
import pytest

import tyxq
from tyxq.execution import BaseExecutionMode, ExecutionMode

from ..reference import pauli_matrix, simulate

NOISE = tyxq.NoiseModel().add("depolarizing", 0.1, gates=["cnot"]).add_readout_error([[0.95, 0.1], [0.05, 0.9]])
BELL = tyxq.Circuit(2).h(0).cnot(0, 1)

MODES = [
    tyxq.StatevectorMode(),
    tyxq.ShotsMode(shots=100, seed=3),
    tyxq.DensityMatrixMode(noise=NOISE),
    tyxq.DensityMatrixMode(noise=NOISE, shots=200, seed=1),
    tyxq.TrajectoriesMode(trajectories=64, seed=5, noise=NOISE),
]


class ExactOnly(BaseExecutionMode):
    """A third-party mode written on the base: only ``distribution``, from a dense simulation of its own."""

    name = "exact_only"

    def __init__(self, flip: float = 0.0) -> None:
        self.flip = flip
        super().__init__()

    def distribution(self, circuit, qubits=None, *, backend, rng, bits=None):
        gates = [(op.name, op.qubits, tuple(float(p) for p in op.params)) for op in circuit.ops]
        probs = np.abs(simulate(circuit.n_qubits, gates)) ** 2
        probs = (1 - self.flip) * probs + self.flip / probs.size
        if qubits is not None:
            tensor = probs.reshape([2] * circuit.n_qubits)
            others = tuple(q for q in range(circuit.n_qubits) if q not in qubits)
            kept = sorted(qubits)
            probs = np.transpose(tensor.sum(axis=others), [kept.index(q) for q in qubits]).reshape(-1)
        return backend.asarray(probs[None, :])


class Sampler(ExactOnly):
    """The same mode, estimating from shots when asked."""

    name = "sampler"
    accepts_shots = True

    def __init__(self, flip: float = 0.0, shots: int | None = None, seed=None) -> None:
        self.flip = flip
        BaseExecutionMode.__init__(self, shots=shots, seed=seed)


@pytest.mark.parametrize("mode", MODES, ids=repr)
def test_every_built_in_mode_is_a_base_mode_and_satisfies_the_protocol(mode):
    assert isinstance(mode, BaseExecutionMode) and isinstance(mode, ExecutionMode)


@pytest.mark.parametrize("mode", MODES, ids=repr)
def test_a_pickled_mode_equals_the_original_and_has_its_repr(mode):
    again = pickle.loads(pickle.dumps(mode))
    assert again == mode and hash(again) == hash(mode)
    assert repr(again) == repr(mode) and type(again) is type(mode)
    assert copy.deepcopy(mode) == mode


@pytest.mark.parametrize("mode", MODES[2:], ids=repr)
def test_the_noise_model_travels_as_the_public_noise_attribute(mode):
    again = pickle.loads(pickle.dumps(mode))
    assert again.noise == NOISE and again.noise is not NOISE
    assert isinstance(again.noise, tyxq.NoiseModel)


def test_modes_with_different_options_differ():
    assert tyxq.ShotsMode(shots=10) != tyxq.ShotsMode(shots=11)
    assert tyxq.DensityMatrixMode() != tyxq.DensityMatrixMode(noise=NOISE)
    assert tyxq.DensityMatrixMode(noise=NOISE) == tyxq.DensityMatrixMode(noise=copy.deepcopy(NOISE))
    assert tyxq.StatevectorMode() != tyxq.DensityMatrixMode()
    assert repr(tyxq.ShotsMode(shots=10, seed=2)) == "ShotsMode(shots=10, seed=2)"


def test_a_pickled_seeded_mode_draws_what_a_fresh_one_draws():
    mode = tyxq.DensityMatrixMode(noise=NOISE, shots=300, seed=9)
    again = pickle.loads(pickle.dumps(mode))
    assert tyxq.counts(BELL, mode=mode) == tyxq.counts(BELL, mode=again)


def test_one_noisy_mode_answers_the_same_in_a_call_a_block_and_by_name_with_options():
    h = tyxq.X(0) @ tyxq.X(1) + 0.5 * tyxq.Z(1)
    given = float(tyxq.expectation(BELL, h, mode=tyxq.DensityMatrixMode(noise=NOISE)))
    with tyxq.use_execution_mode(tyxq.DensityMatrixMode(noise=NOISE)):
        in_block = float(tyxq.expectation(BELL, h))
    with tyxq.use_execution_mode("density_matrix", noise=NOISE):
        by_name = float(tyxq.expectation(BELL, h))
    noiseless = float(tyxq.expectation(BELL, h, mode="density_matrix"))
    assert given == pytest.approx(in_block, abs=1e-12) and given == pytest.approx(by_name, abs=1e-12)
    assert abs(given - noiseless) > 0.05


def test_a_base_mode_written_from_one_method_gives_exact_values():
    circuit = tyxq.Circuit(2).ry(0, 0.7).cnot(0, 1).rx(1, 0.3)
    h = tyxq.X(0) @ tyxq.Y(1) + 0.3 * tyxq.Z(0) - 0.2 * tyxq.X(1)
    gates = [(op.name, op.qubits, tuple(float(p) for p in op.params)) for op in circuit.ops]
    psi = simulate(2, gates)
    matrix = pauli_matrix(2, {0: "X", 1: "Y"}) + 0.3 * pauli_matrix(2, {0: "Z"}) - 0.2 * pauli_matrix(2, {1: "X"})
    expected = float(np.real(psi.conj() @ matrix @ psi))
    assert float(tyxq.expectation(circuit, h, mode=ExactOnly())) == pytest.approx(expected, abs=1e-12)
    marginal = (np.abs(psi) ** 2).reshape(2, 2).sum(axis=0)
    assert np.allclose(tyxq.probabilities(circuit, qubits=[1], mode=ExactOnly()), marginal)


def test_a_base_mode_samples_through_the_one_sampler_with_its_seeds():
    circuit = tyxq.Circuit(2).ry(0, 0.7).cnot(0, 1)
    ours = tyxq.counts(circuit, 500, mode=ExactOnly(), seed=4)
    assert ours == tyxq.counts(circuit, 500, mode="statevector", seed=4)
    generator = np.random.default_rng(4)
    first, second = (tyxq.sample(circuit, 50, mode=ExactOnly(), seed=generator) for _ in range(2))
    assert np.array_equal(first, tyxq.sample(circuit, 50, seed=4)) and not np.array_equal(first, second)


def test_a_base_mode_refuses_shots_unless_it_accepts_them_and_estimates_when_it_does():
    with pytest.raises(tyxq.ShotsError, match="the exact_only mode takes no shots"):
        tyxq.expectation(BELL, tyxq.Z(0), mode=ExactOnly(), shots=10)
    with pytest.raises(tyxq.ConfigurationError, match="takes no shots"):
        BaseExecutionMode(shots=10)
    estimate = float(tyxq.expectation(BELL, tyxq.X(0) @ tyxq.X(1), mode=Sampler(flip=0.5, shots=4000), seed=2))
    assert abs(estimate - 0.5) < 4 * np.sqrt((1 - 0.25) / 4000)
    assert Sampler(shots=10).exact is False and Sampler().exact is True
    again = tyxq.expectation(BELL, tyxq.X(0) @ tyxq.X(1), mode=Sampler(flip=0.5, shots=10), shots=4000, seed=2)
    assert float(again) == estimate  # an inexact instance takes a count per call too


def test_an_exact_instance_refuses_a_shot_count_per_call_naming_the_option():
    with pytest.raises(tyxq.ShotsError, match=r"gives exact values.*mode=tyxq\.Sampler\(\.\.\., shots=10\)"):
        tyxq.expectation(BELL, tyxq.Z(0), mode=Sampler(), shots=10)


def test_a_base_mode_refuses_a_statevector_and_the_state_verb_names_it():
    with pytest.raises(tyxq.CapabilityError, match="the sampler mode has no statevector"):
        tyxq.state(BELL, mode=Sampler(shots=10))


def test_a_base_mode_without_classical_refuses_mid_circuit_measurements_and_bits():
    assert ExactOnly.classical is False and tyxq.ShotsMode.classical is True
    with pytest.raises(tyxq.CapabilityError, match="does not run"):
        tyxq.probabilities(tyxq.Circuit(1).h(0).measure(0).h(0), mode=ExactOnly())
    with pytest.raises(tyxq.CapabilityError, match="does not read classical bits"):
        tyxq.probabilities(tyxq.Circuit(1).x(0), bits=[0], mode=ExactOnly())


def test_a_base_mode_keeps_every_option_as_an_attribute_or_says_so():
    class Forgetful(ExactOnly):
        def __init__(self, strength: float = 0.0) -> None:
            super().__init__()

    with pytest.raises(tyxq.ConfigurationError, match="keeps its constructor option 'strength' under another name"):
        repr(Forgetful())


def test_takes_shots_and_accepts_shots_are_read_from_the_class():
    assert tyxq.ShotsMode.takes_shots and tyxq.ShotsMode.accepts_shots
    assert not tyxq.DensityMatrixMode.takes_shots and tyxq.DensityMatrixMode.accepts_shots
    assert not tyxq.StatevectorMode.accepts_shots and not tyxq.TrajectoriesMode.takes_shots


@pytest.mark.parametrize(
    ("verb", "call"),
    [
        ("expectation", lambda: tyxq.expectation(BELL, "ZZ", mode="density_matrix", noise=NOISE)),
        ("probabilities", lambda: tyxq.probabilities(BELL, mode="trajectories", trajectories=10)),
        ("counts", lambda: tyxq.counts(BELL, 10, mode="density_matrix", noise=NOISE)),
        ("map", lambda: tyxq.map(lambda t: BELL, [0.0], "ZZ", mode="density_matrix", noise=NOISE)),
        ("submit", lambda: tyxq.submit(BELL, "ZZ", mode="density_matrix", noise=NOISE)),
    ],
)
def test_mode_options_given_to_a_verb_are_refused_with_the_mode_object_spelling(verb, call):
    with pytest.raises(tyxq.ConfigurationError, match=rf"{verb}\(\) was given .*mode=tyxq\.\w+Mode\("):
        call()


def test_the_refusal_names_the_mode_that_takes_the_options():
    with pytest.raises(tyxq.ConfigurationError, match=r"mode=tyxq\.DensityMatrixMode\(noise=\.\.\.\)"):
        tyxq.expectation(BELL, "ZZ", noise=NOISE)
    with pytest.raises(tyxq.ConfigurationError, match=r"mode=tyxq\.ShotsMode\(shots=10\)"):
        tyxq.state(BELL, mode="shots", shots=10)


def test_a_keyword_no_mode_takes_is_pythons_type_error():
    with pytest.raises(TypeError, match="expectation\\(\\) got an unexpected keyword argument 'banana'"):
        tyxq.expectation(BELL, "ZZ", banana=1)


class Recording(Sampler):
    """Records the generator each call of ``distribution`` is handed."""

    name = "recording"
    handed: ClassVar[list] = []

    def distribution(self, circuit, qubits=None, *, backend, rng, bits=None):
        self.handed.append(rng)
        return super().distribution(circuit, qubits, backend=backend, rng=rng, bits=bits)


@pytest.mark.parametrize("draws", [True, False])
def test_a_distribution_that_draws_nothing_is_handed_no_generator(draws):
    mode = type("Declared", (Recording,), {"distribution_draws": draws, "handed": []})()
    tyxq.expectation(BELL, tyxq.X(0), mode=mode)
    tyxq.counts(BELL, 10, mode=mode, seed=1)
    tyxq.probabilities(BELL, mode=type(mode)(shots=10))
    assert len(mode.handed) == 3  # one measured basis for X(0), one distribution per count and probabilities
    assert all(isinstance(rng, np.random.Generator) if draws else rng is None for rng in mode.handed)


def test_the_built_in_modes_declare_which_distributions_draw():
    assert tyxq.TrajectoriesMode.distribution_draws
    assert not any(m.distribution_draws for m in (tyxq.StatevectorMode, tyxq.ShotsMode, tyxq.DensityMatrixMode))
