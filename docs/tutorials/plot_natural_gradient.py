"""
Natural gradient against gradient descent
=========================================

Plain gradient descent moves the parameters along the steepest direction *in parameter space*,
where a step of 0.1 in one angle may barely change the state and the same step in another may
change it a lot. The quantum natural gradient (Stokes, Izaac, Killoran and Carleo, 2020) measures
steps in the geometry of the states instead, through the Fubini–Study metric ``g``::

    θ ← θ − η (g + λI)⁻¹ ∇E

Here both minimise the energy of the transverse-field Ising chain with a hardware-efficient
ansatz, from the same starts and at the same learning rate ``η``.
"""

# %%
# The problem: four spins, two layers
# -----------------------------------
# ``tyxq.problems`` builds the Hamiltonian of the open chain, ``H = −Σ Z_i Z_{i+1} − h Σ X_i`` at
# the critical field ``h = 1``; its dense matrix gives the exact ground energy to compare against.
import matplotlib.pyplot as plt
import numpy as np

import tyxq

n_qubits, n_layers = 4, 2
hamiltonian = tyxq.problems.transverse_field_ising(tyxq.problems.chain(n_qubits), coupling=1.0, field=1.0)


def ansatz(p):
    """RY then RZ on every qubit and a chain of CNOTs, twice: 16 parameters (or a batch of sets)."""
    circuit = tyxq.Circuit(n_qubits)
    for layer in range(n_layers):
        base = 2 * n_qubits * layer
        for q in range(n_qubits):
            circuit.ry(q, p[..., base + q]).rz(q, p[..., base + n_qubits + q])
        for q in range(n_qubits - 1):
            circuit.cnot(q, q + 1)
    return circuit


def energy(p):
    return tyxq.expectation(ansatz(p), hamiltonian)


ground = np.linalg.eigvalsh(hamiltonian.to_matrix())[0]  # the exact ground energy, by dense diagonalisation
print(f"ground state energy: {ground:.6f}")

# %%
# The metric at one point
# -----------------------
# ``tyxq.metric_tensor`` gives the full metric (or, with ``approx="block-diag"``, its blocks by
# layers of the circuit). Its eigenvalues spread over two orders of magnitude: some directions of
# parameter space hardly move the state, which is what slows plain gradient descent.
starts = np.random.default_rng(2024).uniform(-np.pi, np.pi, (5, 2 * n_qubits * n_layers))
metric = tyxq.metric_tensor(ansatz)(starts[0])
print("metric eigenvalues:", np.round(np.linalg.eigvalsh(metric), 4))

# %%
# Both optimisers, five starts stepped at once
# --------------------------------------------
# A batch of parameter sets ``(5, 16)`` is one batched simulation per step; every start is stepped
# by its own gradient (and, for QNG, its own metric).
rate = 0.1
plain = tyxq.optimize.gradient_descent(energy, starts, stepsize=rate, steps=150, method="adjoint", progress=False)
natural = tyxq.optimize.qng(energy, ansatz, starts, stepsize=rate, lam=1e-3, steps=150, method="adjoint",
                            progress=False)  # fmt: skip
print(f"gradient descent, best of five: {plain.value.min():.6f}")
print(f"natural gradient, best of five: {natural.value.min():.6f}  (ground state {ground:.6f})")

# %%
# Convergence curves
# ------------------
# The energy above the ground state, per start, on a log scale: QNG reaches the ansatz's best
# energy in a few dozen steps, gradient descent at the same learning rate is still descending.
fig, ax = plt.subplots(figsize=(7, 4))
for member in range(len(starts)):
    ax.semilogy(plain.history[:, member] - ground + 1e-12, color="tab:blue", alpha=0.6,
                label="gradient descent" if member == 0 else None)  # fmt: skip
    ax.semilogy(natural.history[:, member] - ground + 1e-12, color="tab:orange", alpha=0.8,
                label="natural gradient (QNG)" if member == 0 else None)  # fmt: skip
ax.set_xlabel("step")
ax.set_ylabel("energy above the ground state")
ax.set_title(f"TFIM chain, 4 qubits, 2 layers, learning rate {rate}")
ax.legend()
fig.tight_layout()
plt.show()
