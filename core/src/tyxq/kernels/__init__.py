"""Statevector kernels written only against the Backend protocol."""

from .apply import apply_diagonal, apply_matrix, apply_permutation
from .measure import marginal_probabilities, pauli_expectation, pauli_expectations, state_probabilities
from .plan import Plan, compile_plan
from .simulate import evolve, final_state

__all__ = [
    "apply_matrix",
    "apply_diagonal",
    "apply_permutation",
    "compile_plan",
    "Plan",
    "evolve",
    "final_state",
    "state_probabilities",
    "marginal_probabilities",
    "pauli_expectation",
    "pauli_expectations",
]
