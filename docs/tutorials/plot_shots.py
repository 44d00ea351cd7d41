"""
Shots: estimates beside exact values
====================================

The ``shots`` execution mode estimates expectations the way hardware does: from a finite number
of measurements of each group of qubit-wise commuting terms. The estimates are unbiased and
seeded; their standard error falls as ``1/√shots``. Here we sweep an angle, estimate ⟨H⟩ with
error bars from repeated seeds, and watch the error shrink with the number of shots.
"""

# %%
# One circuit, one observable, a sweep of angles as one batch
# -----------------------------------------------------------
import matplotlib.pyplot as plt
import numpy as np

import tyxq

theta = np.linspace(0, 2 * np.pi, 25)
circuit = tyxq.Circuit(2).ry(0, theta).cnot(0, 1).rx(1, 0.4)
observable = tyxq.Z(0) @ tyxq.Z(1) + 0.5 * tyxq.X(0)

exact = tyxq.expectation(circuit, observable)  # the statevector mode: exact
estimates = np.stack([tyxq.expectation(circuit, observable, mode="shots", shots=200, seed=seed) for seed in range(20)])
mean, spread = estimates.mean(axis=0), estimates.std(axis=0, ddof=1)
print(f"largest |mean of 20 seeds - exact|: {np.abs(mean - exact).max():.3f}")
print(f"typical standard deviation of one 200-shot estimate: {spread.mean():.3f}")

# %%
# Seeds replay, generators advance
# --------------------------------
# An int seed draws the same shots every time; a :class:`numpy.random.Generator` advances, so two
# calls with one generator give independent estimates.
once = tyxq.expectation(circuit, observable, mode="shots", shots=200, seed=3)
again = tyxq.expectation(circuit, observable, mode="shots", shots=200, seed=3)
rng = np.random.default_rng(3)
first = tyxq.expectation(circuit, observable, mode="shots", shots=200, seed=rng)
second = tyxq.expectation(circuit, observable, mode="shots", shots=200, seed=rng)
print("int seed replays:", np.array_equal(once, again), "| generator advances:", not np.array_equal(first, second))

# %%
# The error falls as 1/√shots
# ---------------------------
# The root-mean-square error over the sweep and 10 seeds, for shots from 10 to 10⁴.
shot_counts = np.array([10, 30, 100, 300, 1000, 3000, 10000])
rms = [
    np.sqrt(
        np.mean(
            [
                (tyxq.expectation(circuit, observable, mode="shots", shots=int(s), seed=k) - exact) ** 2
                for k in range(10)
            ]
        )
    )
    for s in shot_counts
]
slope = np.polyfit(np.log(shot_counts), np.log(rms), 1)[0]
print(f"fitted slope of log(error) against log(shots): {slope:.2f} (theory: -0.5)")

# %%
fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
left.plot(theta, exact, "k-", label="exact (statevector)")
left.errorbar(theta, mean, yerr=spread, fmt="o", capsize=3, label="200 shots: mean ± std of 20 seeds")
left.set_xlabel("θ")
left.set_ylabel("⟨Z₀Z₁ + 0.5 X₀⟩")
left.legend()
right.loglog(shot_counts, rms, "o-", label="measured")
right.loglog(shot_counts, rms[0] * np.sqrt(shot_counts[0] / shot_counts), "k--", label="∝ 1/√shots")
right.set_xlabel("shots per group")
right.set_ylabel("RMS error")
right.legend()
fig.tight_layout()
