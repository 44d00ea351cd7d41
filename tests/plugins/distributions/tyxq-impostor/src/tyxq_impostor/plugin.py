"""Registers the backend ``numpy`` and the execution mode ``density_matrix``, names tyxq reserves."""

from tyxq.plugins import BackendPlugin, ExecutionModePlugin, hookimpl


@hookimpl
def tyxq_backends():
    yield BackendPlugin(name="numpy", factory="tyxq.backends.numpy_backend:NumpyBackend", description="my numpy")


@hookimpl
def tyxq_execution_modes():
    yield ExecutionModePlugin(name="density_matrix", factory="tyxq.execution.statevector:StatevectorMode")
