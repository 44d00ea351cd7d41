"""
A Qiskit ansatz trained in tyxq
===============================

A variational circuit written in Qiskit, with ``ParameterVector`` angles, and a Hamiltonian written
as Qiskit's ``SparsePauliOp``, trained with PyTorch on tyxq's torch backend. :mod:`tyxq.interop`
reads the circuit once into an :class:`~tyxq.interop.Ansatz`, whose angles stay free: each
training step binds the current weights and runs a tyxq circuit that autograd differentiates. The
trained energy is checked against Qiskit's own ``Statevector`` at the same weights, and against
exact diagonalisation.
"""

# %%
# The Hamiltonian, in Qiskit
# --------------------------
# The H₂ molecule at 0.7414 Å in STO-3G under Jordan–Wigner (four spin orbitals, four qubits; the
# coefficients of the tutorial *The ground state of H₂ by VQE*), written term by term with explicit
# qubit indices. Qiskit's labels put qubit 0 rightmost and tyxq's leftmost:
# :func:`~tyxq.interop.from_qiskit_operator` converts the order once.
import matplotlib.pyplot as plt
import numpy as np
import torch
from qiskit import QuantumCircuit
from qiskit.circuit.library import real_amplitudes
from qiskit.quantum_info import SparsePauliOp, Statevector

import tyxq
from tyxq.interop import from_qiskit_operator, qiskit_ansatz

g = 0.04532220205287404
terms = [
    ("", [], -0.0988639693354576),
    ("Z", [0], 0.17119774903432972), ("Z", [1], 0.17119774903432972),
    ("Z", [2], -0.22278593040418504), ("Z", [3], -0.22278593040418504),
    ("ZZ", [0, 1], 0.16862219158920938), ("ZZ", [0, 2], 0.12054482205301799), ("ZZ", [1, 3], 0.12054482205301799),
    ("ZZ", [0, 3], 0.16586702410589736), ("ZZ", [1, 2], 0.16586702410589736), ("ZZ", [2, 3], 0.17434844185575676),
    ("XXYY", [0, 1, 2, 3], -g), ("XYYX", [0, 1, 2, 3], g), ("YXXY", [0, 1, 2, 3], g), ("YYXX", [0, 1, 2, 3], -g),
]
operator = SparsePauliOp.from_sparse_list(terms, num_qubits=4)
hamiltonian = from_qiskit_operator(operator)
exact = float(np.linalg.eigvalsh(operator.to_matrix())[0])
print(operator.paulis[11], "in Qiskit is", hamiltonian.terms[11].label(), "in tyxq")
print(f"exact ground energy {exact:.6f} Ha")

# %%
# The ansatz, in Qiskit
# ---------------------
# The Hartree–Fock state ``|1100⟩`` (both electrons in the lowest spin orbitals), then Qiskit's
# ``real_amplitudes``: RY layers between CNOT ladders, twelve angles in a ``ParameterVector``.
circuit = QuantumCircuit(4)
circuit.x([0, 1])
circuit.compose(real_amplitudes(4, reps=2), inplace=True)
ansatz = qiskit_ansatz(circuit)
print(ansatz.n_params, "parameters:", ", ".join(ansatz.parameters[:4]), "...")

# %%
# Training with PyTorch
# ---------------------
# The weights are a torch tensor; ``ansatz(weights)`` is a tyxq circuit whose angles are entries of
# that tensor, so ``tyxq.expectation`` on the torch backend returns a tensor that ``backward``
# differentiates. PyTorch's L-BFGS takes the steps, asking the closure for the energy and its
# gradient as often as its line search needs.
torch.manual_seed(0)
weights = torch.nn.Parameter(0.5 * torch.randn(ansatz.n_params, dtype=torch.float64))
optimiser = torch.optim.LBFGS([weights], max_iter=100, line_search_fn="strong_wolfe")
trace = []


def closure():
    optimiser.zero_grad()
    energy = tyxq.expectation(ansatz(weights), hamiltonian)
    energy.backward()
    trace.append(float(energy.detach()))
    return energy


with tyxq.use_backend("torch"):
    optimiser.step(closure)
print(f"trained energy      {trace[-1]:.6f} Ha after {len(trace)} evaluations, error {trace[-1] - exact:.1e} Ha")

# %%
# The same weights in Qiskit
# --------------------------
# Binding the trained weights in Qiskit and asking its ``Statevector`` for the energy gives tyxq's
# value: the circuit, its parameter order and the operator's bit order all came across intact.
trained = weights.detach().numpy()
qiskit_energy = Statevector(circuit.assign_parameters(trained)).expectation_value(operator).real
tyxq_energy = float(tyxq.expectation(ansatz(trained), hamiltonian))
print(f"Qiskit's energy     {qiskit_energy:.10f} Ha")
print(f"tyxq's energy       {tyxq_energy:.10f} Ha")
assert abs(qiskit_energy - tyxq_energy) < 1e-10
assert trace[-1] - exact < 1.6e-3  # chemical accuracy

# %%
fig, ax = plt.subplots(figsize=(6, 3.5))
ax.plot(np.array(trace) - exact)
ax.axhline(1.6e-3, color="grey", linestyle="--", label="chemical accuracy")
ax.set_yscale("log")
ax.set_xlabel("evaluation")
ax.set_ylabel("E − E$_{exact}$ (Ha)")
ax.set_title("Qiskit's real_amplitudes on H$_2$, trained in tyxq")
ax.legend()
fig.tight_layout()
