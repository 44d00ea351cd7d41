"""
Shot vectors: how the error of an estimate shrinks with the shots
=================================================================

A *shot vector* asks one call for several estimates at once: ``shots=[100, 1000, 10000]``
returns a tuple of three estimates. tyxq draws ``sum(shots)`` shots once and cuts them into
consecutive, non-overlapping slices, so with one seed ``shots=[100, 1000]`` uses exactly the
1,100 shots that ``shots=1100`` draws. Here we use it to watch the error of an energy estimate
fall as ``1/√shots``, the rule every sampled estimate follows.
"""

# %%
# One call, several shot counts
# -----------------------------
import matplotlib.pyplot as plt
import numpy as np

import tyxq

circuit = tyxq.Circuit(3).h(0).cnot(0, 1).ry(2, 0.8).cnot(1, 2).rx(0, 0.3)
hamiltonian = tyxq.Z(0) @ tyxq.Z(1) + 0.5 * tyxq.X(2) - 0.25 * tyxq.Y(0) @ tyxq.Y(1)

exact = float(tyxq.expectation(circuit, hamiltonian))
shot_vector = [10, 30, 100, 300, 1_000, 3_000, 10_000]
estimates = tyxq.expectation(circuit, hamiltonian, mode="shots", shots=shot_vector, seed=7)
for shots, estimate in zip(shot_vector, estimates, strict=True):
    print(f"{shots:>6} shots: {float(estimate):+.4f}   (exact {exact:+.4f})")

# %%
# The slices are one stream
# -------------------------
# ``sample`` shows what the slices are: the rows of ``shots=[3, 5]`` are the first 3 and the next
# 5 rows of ``shots=8`` drawn with the same seed. Every group of qubit-wise commuting terms of an
# expectation draws its ``sum(shots)`` the same way, so the shot-weighted mean of the entries is
# the estimate from all the shots together.
first, second = tyxq.sample(circuit, [3, 5], seed=1)
together = tyxq.sample(circuit, 8, seed=1)
print(np.array_equal(np.concatenate([first, second]), together))

weighted = sum(s * float(e) for s, e in zip(shot_vector, estimates, strict=True)) / sum(shot_vector)
from_all = tyxq.expectation(circuit, hamiltonian, mode="shots", shots=sum(shot_vector), seed=7)
print(
    f"weighted mean of the entries {weighted:+.6f}, estimate from all {sum(shot_vector)} shots {float(from_all):+.6f}"
)

# %%
# The error against the number of shots
# --------------------------------------
# Repeating the call with a generator as the seed (it advances between calls, so each repetition
# draws fresh, reproducible shots) gives the root-mean-square error of each entry. Its expected
# value is ``σ/√shots``, with ``σ²`` the single-shot variance of the measured observable: for a
# sum of groups measured on separate shots, the sum of each group's variance.
rng = np.random.default_rng(2026)
repetitions = 300
errors = np.array(
    [
        [float(e) - exact for e in tyxq.expectation(circuit, hamiltonian, mode="shots", shots=shot_vector, seed=rng)]
        for _ in range(repetitions)
    ]
)
rms = np.sqrt((errors**2).mean(axis=0))

# the Z term is read in the computational basis; X on qubit 2 and Y⊗Y on qubits 0, 1 commute qubit by
# qubit, so one rotated basis reads both on the same shots
groups = [tyxq.Z(0) @ tyxq.Z(1), 0.5 * tyxq.X(2) - 0.25 * tyxq.Y(0) @ tyxq.Y(1)]
sigma = np.sqrt(sum(float(tyxq.variance(circuit, group)) for group in groups))
print(f"single-shot σ = {sigma:.4f}")
for shots, measured in zip(shot_vector, rms, strict=True):
    print(f"{shots:>6} shots: rms error {measured:.4f}, σ/√shots {sigma / np.sqrt(shots):.4f}")

fig, ax = plt.subplots(figsize=(6, 4))
ax.loglog(shot_vector, rms, "o", label=f"rms error over {repetitions} repetitions")
ax.loglog(shot_vector, sigma / np.sqrt(shot_vector), "-", label="σ / √shots")
ax.set_xlabel("shots")
ax.set_ylabel("error of ⟨H⟩")
ax.set_title("One shot vector per repetition")
ax.legend()
fig.tight_layout()

# %%
# The slope of the error on the log-log plot is the exponent of the shots:
slope = np.polyfit(np.log(shot_vector), np.log(rms), 1)[0]
print(f"fitted slope {slope:.3f} (1/√shots is -0.5)")
