"""Templates: embeddings and ansätze that append to a circuit and return it, so they chain like gates.

Every template is ``template(circuit, features_or_weights, qubits=None,
**options)``. Features and weights are arrays of any backend (or lists)
and may carry one leading batch axis, like any gate parameter; each
ansatz's ``*_shape`` function gives its weight shape in PennyLane's order,
for ``TorchLayer``'s ``weight_shapes``.

- embeddings: :func:`angle_embedding`, :func:`amplitude_embedding`,
  :func:`basis_embedding`, :func:`iqp_embedding`, :func:`zz_feature_map`,
  :func:`data_reuploading`;
- ansätze: :func:`hardware_efficient`, :func:`strongly_entangling`,
  :func:`simplified_two_design`, :func:`qaoa` (with :func:`cost_layer`,
  :func:`mixer_layer`), :func:`uccsd`, :func:`k_upccgsd`,
  :func:`givens_ansatz`, and :func:`hartree_fock`.

Example:
    >>> import numpy as np, tyxq
    >>> from tyxq import templates
    >>> c = tyxq.Circuit(2)
    >>> templates.angle_embedding(c, [0.1, 0.2])
    Circuit(n_qubits=2, ops=2)
    >>> templates.strongly_entangling(c, np.zeros(templates.strongly_entangling_shape(1, 2)))
    Circuit(n_qubits=2, ops=10)
"""

from .chemistry import (
    excitations,
    fermionic_double_excitation,
    fermionic_single_excitation,
    givens_ansatz,
    givens_ansatz_shape,
    hartree_fock,
    k_upccgsd,
    k_upccgsd_shape,
    uccsd,
    uccsd_shape,
)
from .embeddings import amplitude_embedding, angle_embedding, basis_embedding, iqp_embedding, zz_feature_map
from .layers import (
    data_reuploading,
    data_reuploading_shape,
    hardware_efficient,
    hardware_efficient_shape,
    simplified_two_design,
    simplified_two_design_shape,
    strongly_entangling,
    strongly_entangling_shape,
)
from .qaoa import cost_layer, mixer_layer, qaoa, qaoa_shape

__all__ = [
    "angle_embedding",
    "amplitude_embedding",
    "basis_embedding",
    "iqp_embedding",
    "zz_feature_map",
    "data_reuploading",
    "data_reuploading_shape",
    "hardware_efficient",
    "hardware_efficient_shape",
    "strongly_entangling",
    "strongly_entangling_shape",
    "simplified_two_design",
    "simplified_two_design_shape",
    "cost_layer",
    "mixer_layer",
    "qaoa",
    "qaoa_shape",
    "hartree_fock",
    "excitations",
    "fermionic_single_excitation",
    "fermionic_double_excitation",
    "uccsd",
    "uccsd_shape",
    "k_upccgsd",
    "k_upccgsd_shape",
    "givens_ansatz",
    "givens_ansatz_shape",
]
