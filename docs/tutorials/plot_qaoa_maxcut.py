"""
QAOA for MaxCut
===============

MaxCut asks for a split of a graph's nodes into two sets that cuts as many edges as possible. The
Quantum Approximate Optimisation Algorithm (QAOA) prepares ``|+⟩^n``, then alternates ``p`` times
the cost layer ``exp(-iγ C)`` and the mixer ``exp(-iβ Σ X_i)``, and measures.
:mod:`tyxq.problems` gives the cost Hamiltonian and the cut of a bitstring,
:func:`tyxq.templates.qaoa` the circuit. We scan the ``p = 1`` landscape as one batched circuit,
optimise ``p = 3`` with adjoint gradients, sample the answer, and compare with brute force.
"""

# %%
# The graph and the cost
# ----------------------
# A ring of 6 nodes with two chords, an odd cycle among them, so that no split cuts every edge.
# :func:`tyxq.problems.maxcut` returns ``C = Σ (Z_i Z_j − 1) / 2``: minus the number of edges a
# bitstring cuts, so its ground energy is minus the maximum cut (a ``networkx`` graph works as
# well as this edge list).
import itertools

import matplotlib.pyplot as plt
import numpy as np
import scipy.optimize

import tyxq
from tyxq.problems import cut_value, ground_energy, maxcut
from tyxq.templates import qaoa, qaoa_shape

n = 6
edges = [(i, (i + 1) % n) for i in range(n)] + [(0, 2), (1, 4)]
cost = maxcut(edges)
best_cut = max(cut_value(edges, bits) for bits in itertools.product((0, 1), repeat=n))
print(f"{len(edges)} edges; brute force over {2**n} splits: the maximum cut cuts {best_cut:g}")
print(f"the ground energy of the cost Hamiltonian: {ground_energy(cost):g}")

# %%
# The p = 1 landscape in one simulation
# -------------------------------------
# A 60 × 60 grid of ``(γ, β)`` is 3600 parameter sets: given as weights of shape
# ``(3600, 1, 2)`` (a batch of :func:`~tyxq.templates.qaoa_shape` ``(1, 2)``), they form one
# batched circuit, and one call to :func:`tyxq.expectation` returns all 3600 energies.
gamma, beta = np.meshgrid(np.linspace(0, np.pi / 2, 60), np.linspace(0, np.pi / 2, 60))
grid = np.stack([gamma.ravel(), beta.ravel()], axis=-1)[:, None, :]
landscape = tyxq.expectation(qaoa(tyxq.Circuit(n), grid, cost), cost).reshape(gamma.shape)
start = np.unravel_index(np.argmin(landscape), landscape.shape)
print(f"best p=1 energy on the grid {landscape.min():.3f} at γ={gamma[start]:.3f}, β={beta[start]:.3f}")

# %%
# Optimise p = 3
# --------------
# Start each layer from the best ``p = 1`` angles and let BFGS refine all six, with the adjoint
# gradient (one backward pass for every angle).
p = 3


def energy(flat):
    return tyxq.expectation(qaoa(tyxq.Circuit(n), flat.reshape(qaoa_shape(p)), cost), cost)


x0 = np.tile([gamma[start], beta[start]], p)
result = scipy.optimize.minimize(tyxq.value_and_grad(energy, method="adjoint"), x0, jac=True, method="BFGS")
print(f"p={p} energy {result.fun:.3f}: {-result.fun:.2f} edges cut on average (the optimum: {best_cut:g})")

# %%
# Sample the answer
# -----------------
# 1000 shots of the optimised circuit; the most frequent bitstrings are the best cuts.
counts = tyxq.counts(qaoa(tyxq.Circuit(n), result.x.reshape(qaoa_shape(p)), cost), 1000, seed=11)
top = sorted(counts.items(), key=lambda item: -item[1])[:8]
for bits, count in top[:4]:
    print(bits, count, "cuts", cut_value(edges, bits))
optimal = sum(count for bits, count in counts.items() if cut_value(edges, bits) == best_cut)
print(f"{optimal / 10:.1f} % of the shots are maximum cuts")

# %%
fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
image = left.pcolormesh(gamma, beta, landscape, shading="auto", cmap="viridis")
left.plot(gamma[start], beta[start], "r*", markersize=12)
left.set_xlabel("γ")
left.set_ylabel("β")
left.set_title("⟨C⟩ for p = 1 (3600 circuits, one batch)")
fig.colorbar(image, ax=left)
right.bar(
    [bits for bits, _ in top],
    [count for _, count in top],
    color=["C2" if cut_value(edges, bits) == best_cut else "C0" for bits, _ in top],
)
right.set_xlabel("bitstring (qubit 0 leftmost)")
right.set_ylabel("counts of 1000")
right.set_title(f"p = {p}: green bars cut {best_cut:g} edges")
right.tick_params(axis="x", rotation=60)
fig.tight_layout()
