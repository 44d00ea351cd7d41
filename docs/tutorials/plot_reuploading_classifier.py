"""
A data re-uploading classifier
==============================

One qubit can only draw so much with one rotation of the data; uploading the features again in
every layer, between trainable rotations, makes the circuit a richer (Fourier) function of them
(Pérez-Salinas et al., Quantum 4, 226 (2020)). :func:`tyxq.templates.data_reuploading` builds
those blocks; :class:`tyxq_ml.TorchLayer` makes the circuit a PyTorch layer, with the weight shape
from :func:`tyxq.templates.data_reuploading_shape`. We train it to tell the inside of a circle from
the outside.
"""

# %%
# The data
# --------
# Points in the square ``[−1, 1]²``, labelled by whether they lie within radius ``√(2/π)`` (half of
# the area on each side).
import matplotlib.pyplot as plt
import numpy as np
import torch

import tyxq
from tyxq import templates
from tyxq_ml import TorchLayer

torch.manual_seed(0)
torch.set_num_threads(1)  # 4 amplitudes per sample: threads cost more than they save
points = 2 * torch.rand(400, 2) - 1
labels = (points.pow(2).sum(dim=1) < 2 / np.pi).float()
train_x, test_x, train_y, test_y = points[:300], points[300:], labels[:300], labels[300:]
print(f"{len(train_x)} training and {len(test_x)} test points, {labels.mean():.0%} inside")

# %%
# The model
# ---------
# Two qubits, four layers: each layer writes ``(x₁, x₂)`` as RX angles (scaled by π), then a
# general rotation ``Rot(φ, θ, ω)`` on each qubit, then a CZ. The logit is ``3·⟨Z₀⟩``, fed to the
# binary cross entropy; the whole batch is one batched simulation.
n_layers = 4


def circuit(inputs, weights):
    c = templates.data_reuploading(tyxq.Circuit(2), np.pi * inputs, weights)
    return tyxq.expectation(c, tyxq.Z(0))


layer = TorchLayer(circuit, {"weights": templates.data_reuploading_shape(n_layers, 2)})
print("weights:", tuple(layer.weights.shape))
optimizer = torch.optim.Adam(layer.parameters(), lr=0.05)
loss_fn = torch.nn.BCEWithLogitsLoss()


def accuracy(x, y):
    with torch.no_grad():
        return float(((layer(x) > 0).float() == y).float().mean())


# %%
# Training
# --------
history = []
for epoch in range(15):
    for batch in torch.randperm(len(train_x)).split(30):
        optimizer.zero_grad()
        loss = loss_fn(3 * layer(train_x[batch]), train_y[batch])
        loss.backward()
        optimizer.step()
    history.append((accuracy(train_x, train_y), accuracy(test_x, test_y)))
    if epoch % 3 == 2:
        print(f"epoch {epoch + 1}: train accuracy {history[-1][0]:.3f}, test accuracy {history[-1][1]:.3f}")

# %%
# The decision region
# -------------------
# ⟨Z₀⟩ on a grid of 2500 points, one batched simulation, with the circle the model had to find.
axis = torch.linspace(-1, 1, 50)
grid = torch.cartesian_prod(axis, axis)
with torch.no_grad():
    surface = layer(grid).reshape(50, 50).T
fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
image = left.pcolormesh(axis, axis, surface, shading="auto", cmap="coolwarm")
left.add_patch(plt.Circle((0, 0), np.sqrt(2 / np.pi), fill=False, color="k"))
left.scatter(*test_x.T, c=test_y, cmap="coolwarm", edgecolors="k", s=15)
left.set_aspect("equal")
left.set_title("⟨Z₀⟩ and the test points")
fig.colorbar(image, ax=left)
right.plot(range(1, len(history) + 1), [a for a, _ in history], "o-", label="train")
right.plot(range(1, len(history) + 1), [b for _, b in history], "o-", label="test")
right.set_xlabel("epoch")
right.set_ylabel("accuracy")
right.legend()
fig.tight_layout()
