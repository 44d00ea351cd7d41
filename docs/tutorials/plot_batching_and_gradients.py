"""
Batching and gradients
======================

Two things make a variational workload fast: running many parameter sets as one batched
simulation, and a gradient method whose cost does not grow with the number of parameters. This
tutorial measures both on a 6-qubit layered circuit: a Python loop against one batch, then every
gradient method against the number of parameters.
"""

# %%
# A circuit function
# ------------------
# ``ansatz(w)`` builds the circuit from ``w`` of shape ``(layers, 2, n)``; ``energy(w)`` returns
# its expectation. Nothing in either is specific to a backend or a gradient method.
import time

import matplotlib.pyplot as plt
import numpy as np
import torch

import tyxq

n = 6
hamiltonian = sum(tyxq.Z(i) @ tyxq.Z(i + 1) for i in range(n - 1)) + 0.7 * sum(tyxq.X(i) for i in range(n))


def ansatz(w):
    c = tyxq.Circuit(n)
    for layer in range(w.shape[0]):
        c.ry(range(n), w[layer, 0])
        c.rz(range(n), w[layer, 1])
        c.cnot(range(n - 1), range(1, n))
    return c


def energy(w):
    return tyxq.expectation(ansatz(w), hamiltonian)


def best_time(fn, *args, repeat=3, **kwargs):
    """The fastest of ``repeat`` runs of ``fn(*args, **kwargs)``, in seconds."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn(*args, **kwargs)
        times.append(time.perf_counter() - started)
    return min(times)


# %%
# A loop against a batch
# ----------------------
# ``batch_axes=0`` runs a circuit function written for one parameter set on a stack of them: the
# circuit it builds carries a leading batch axis on every angle, and one simulation gives every
# energy.
rng = np.random.default_rng(0)
batch_sizes = [1, 4, 16, 64]
loop_times, batch_times = [], []
for size in batch_sizes:
    ws = rng.uniform(0, 2 * np.pi, size=(size, 2, 2, n))
    loop_times.append(best_time(lambda sets: [energy(w) for w in sets], ws))
    batch_times.append(best_time(tyxq.expectation, ansatz, hamiltonian, ws, batch_axes=0))
    looped = np.array([energy(w) for w in ws])
    assert np.allclose(looped, tyxq.expectation(ansatz, hamiltonian, ws, batch_axes=0))
print(f"64 parameter sets: loop {loop_times[-1] * 1e3:.1f} ms, one batch {batch_times[-1] * 1e3:.1f} ms")

# %%
# Every gradient method
# ---------------------
# On the numpy backend: ``adjoint`` (one forward and one backward pass), ``parameter_shift`` (two
# shifted circuits per angle, run as one batch), ``finite_difference`` (two evaluations of the
# function per parameter) and ``auto`` (which picks ``adjoint`` here, numpy having no autodiff).
# On the torch backend: ``autograd`` (torch records the simulation) and ``adjoint``. All must
# agree; we time each for a growing number of layers.
methods = [
    ("numpy", "adjoint"),
    ("numpy", "parameter_shift"),
    ("numpy", "finite_difference"),
    ("numpy", "auto"),
    ("torch", "autograd"),
    ("torch", "adjoint"),
]
layer_counts = [1, 2, 4, 8]
costs = {method: [] for method in methods}
for layers in layer_counts:
    w = rng.uniform(0, 2 * np.pi, size=(layers, 2, n))
    _, reference = tyxq.value_and_grad(energy, method="adjoint")(w)
    for backend, name in methods:
        with tyxq.use_backend(backend, dtype="complex128"):
            argument = torch.tensor(w) if backend == "torch" else w
            gradient_fn = tyxq.value_and_grad(energy, method=name)
            _, gradient = gradient_fn(argument)
            gradient = gradient.detach().numpy() if backend == "torch" else gradient
            assert np.allclose(gradient, reference, atol=1e-5), (backend, name)
            costs[(backend, name)].append(best_time(gradient_fn, argument))

parameters = [2 * n * layers for layers in layer_counts]
for (backend, name), seconds in costs.items():
    print(f"{backend:>5} {name:<18}" + "".join(f"{s * 1e3:8.1f} ms" for s in seconds))
print(" " * 24 + "".join(f"{p:8d} par" for p in parameters))

# %%
fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
left.plot(batch_sizes, np.array(loop_times) * 1e3, "o-", label="Python loop")
left.plot(batch_sizes, np.array(batch_times) * 1e3, "o-", label="one batch (batch_axes=0)")
left.set_xscale("log")
left.set_yscale("log")
left.set_xlabel("parameter sets")
left.set_ylabel("ms")
left.set_title("Evaluating many parameter sets")
left.legend()
for (backend, name), seconds in costs.items():
    right.plot(parameters, np.array(seconds) * 1e3, "o-", label=f"{name} ({backend})")
right.set_yscale("log")
right.set_xlabel("parameters")
right.set_ylabel("ms per value and gradient")
right.set_title("Gradient methods, 6 qubits")
right.legend(fontsize="small")
fig.tight_layout()
