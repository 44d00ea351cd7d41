"""
The hybrid classifier
=====================

A 9-qubit circuit as a PyTorch layer: :class:`tyxq_ml.app.classifier.HybridClassifier` encodes nine
pixel features as RX angles, applies trainable layers, reads ⟨Z_i⟩ of every qubit and feeds them
to a linear layer. We train it to tell the handwritten digits 1 and 5 apart, for a few epochs,
with torch autograd through the simulation.
"""

# %%
# The data
# --------
# scikit-learn's bundled 8 × 8 digits (no download), resized to 3 × 3: nine features in [0, 1].
import matplotlib.pyplot as plt
import torch

from tyxq_ml.app.classifier import HybridClassifier
from tyxq_ml.app.data import load_features

data = load_features("digits", seed=0)
print(f"{len(data.x_train)} training and {len(data.x_test)} test images of 9 features")

# %%
# The model and a training loop
# -----------------------------
# The quantum layer's weights are ordinary ``nn.Parameter`` objects; every forward pass runs the
# whole batch as one batched simulation on the torch backend.
torch.manual_seed(0)
torch.set_num_threads(1)  # 512 amplitudes per sample: threads cost more than they save
model = HybridClassifier(n_qubits=9, layers=2, backend="torch", gradient="autograd")
optimizer = torch.optim.Adam(model.parameters(), lr=0.05)
loss_fn = torch.nn.BCEWithLogitsLoss()


def accuracy(x, y):
    with torch.no_grad():
        return float((model.predict(x) == y).float().mean())


history = []
for epoch in range(4):
    order = torch.randperm(len(data.x_train))
    for batch in order.split(16):
        optimizer.zero_grad()
        loss = loss_fn(model(data.x_train[batch]), data.y_train[batch])
        loss.backward()
        optimizer.step()
    history.append((accuracy(data.x_train, data.y_train), accuracy(data.x_test, data.y_test)))
    print(f"epoch {epoch + 1}: train accuracy {history[-1][0]:.3f}, test accuracy {history[-1][1]:.3f}")

# %%
# ``tyxq-ml classify`` runs the same workflow from the command line, for 30 epochs, beside a
# logistic-regression baseline.
fig, ax = plt.subplots(figsize=(6, 3.5))
epochs = range(1, len(history) + 1)
ax.plot(epochs, [train for train, _ in history], "o-", label="train")
ax.plot(epochs, [test for _, test in history], "o-", label="test")
ax.set_xlabel("epoch")
ax.set_ylabel("accuracy")
ax.set_title("Digits 1 vs 5, 9 qubits, 2 layers")
ax.legend()
fig.tight_layout()
