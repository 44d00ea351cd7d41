"""
QAOA for MaxCut
===============

MaxCut asks for a split of a graph's nodes into two sets that cuts as many edges as possible. The
Quantum Approximate Optimisation Algorithm (QAOA) prepares ``|+⟩^n``, then alternates ``p`` times
the cost layer ``exp(-iγ C)`` (one RZZ per edge) and the mixer ``exp(-iβ Σ X_i)`` (one RX per
qubit), and measures. We scan the ``p = 1`` landscape as one batched circuit, optimise ``p = 3``
with adjoint gradients, and sample the answer.
"""

# %%
# The graph and the cost
# ----------------------
# A ring of 6 nodes with two chords, an odd cycle among them, so that no split cuts every edge.
# An edge ``(i, j)`` is cut when ``Z_i Z_j = -1``, so the number of cut edges is
# ``Σ (1 - Z_i Z_j) / 2``; we minimise ``C = Σ Z_i Z_j``, whose minimum is reached at the maximum
# cut.
import itertools

import matplotlib.pyplot as plt
import numpy as np
import scipy.optimize

import tyxq

n = 6
edges = [(i, (i + 1) % n) for i in range(n)] + [(0, 2), (1, 4)]
cost = sum(tyxq.Z(i) @ tyxq.Z(j) for i, j in edges)


def cut_size(bits):
    return sum(bits[i] != bits[j] for i, j in edges)


best_cut = max(cut_size(bits) for bits in itertools.product((0, 1), repeat=n))
print(f"{len(edges)} edges; the maximum cut (by brute force over {2**n} splits) cuts {best_cut}")


def qaoa(gammas, betas):
    """The QAOA circuit; each angle may carry a leading batch axis."""
    c = tyxq.Circuit(n).h(range(n))
    for gamma, beta in zip(gammas, betas, strict=True):
        for i, j in edges:
            c.rzz(i, j, 2 * gamma)
        for i in range(n):
            c.rx(i, 2 * beta)
    return c


# %%
# The p = 1 landscape in one simulation
# -------------------------------------
# A 60 × 60 grid of ``(γ, β)`` is 3600 parameter sets: given as arrays of shape ``(3600,)``, they
# form one batched circuit, and one call to :func:`tyxq.expectation` returns all 3600 energies.
gamma, beta = np.meshgrid(np.linspace(0, np.pi / 2, 60), np.linspace(0, np.pi / 2, 60))
landscape = tyxq.expectation(qaoa([gamma.ravel()], [beta.ravel()]), cost).reshape(gamma.shape)
start = np.unravel_index(np.argmin(landscape), landscape.shape)
print(f"best p=1 energy on the grid {landscape.min():.3f} at γ={gamma[start]:.3f}, β={beta[start]:.3f}")

# %%
# Optimise p = 3
# --------------
# Start each layer from the best ``p = 1`` angles and let BFGS refine all six, with the adjoint
# gradient (one backward pass for every angle).
p = 3


def energy(angles):
    return tyxq.expectation(qaoa(angles[:p], angles[p:]), cost)


x0 = np.concatenate([np.full(p, gamma[start]), np.full(p, beta[start])])
result = scipy.optimize.minimize(tyxq.value_and_grad(energy, method="adjoint"), x0, jac=True, method="BFGS")
print(f"p={p} energy {result.fun:.3f}, i.e. {(len(edges) - result.fun) / 2:.2f} edges cut on average")

# %%
# Sample the answer
# -----------------
# 1000 shots of the optimised circuit; the most frequent bitstrings are the best cuts.
counts = tyxq.counts(qaoa(result.x[:p], result.x[p:]), 1000, seed=11)
top = sorted(counts.items(), key=lambda item: -item[1])[:8]
for bits, count in top[:4]:
    print(bits, count, "cuts", cut_size(bits))
optimal = sum(count for bits, count in counts.items() if cut_size(bits) == best_cut)
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
    color=["C2" if cut_size(bits) == best_cut else "C0" for bits, _ in top],
)
right.set_xlabel("bitstring (qubit 0 leftmost)")
right.set_ylabel("counts of 1000")
right.set_title(f"p = {p}: green bars cut {best_cut} edges")
right.tick_params(axis="x", rotation=60)
fig.tight_layout()
