"""The demo application of tyxq-ml: the ``tyxq-ml`` command and the workflows it runs.

Built on the library (:class:`tyxq_ml.TorchLayer`), never the other way round:

- :mod:`~tyxq_ml.app.launch`: the console script's entry (Ctrl-C handled from its first instruction);
- :mod:`~tyxq_ml.app.cli`: the commands ``tyxq-ml classify`` and ``tyxq-ml vqe``, their arguments
  (``tyxq_ml.app.arguments``) and output folder (:mod:`~tyxq_ml.app.run_folder`);
- the classifier: :mod:`~tyxq_ml.app.data`, :mod:`~tyxq_ml.app.mnist`, :mod:`~tyxq_ml.app.classifier`,
  :mod:`~tyxq_ml.app.training`, :mod:`~tyxq_ml.app.distributed`, ``tyxq_ml.app.profiling``;
- the VQE: :mod:`~tyxq_ml.app.vqe`, on the Hamiltonians and exact energies of :mod:`tyxq.problems`;
- ``tyxq_ml.app.plots``: the figures both write.

``python -m tyxq_ml.app`` runs the command too (as ``torchrun ... -m tyxq_ml.app classify`` does).
"""
