"""The torch backend passes tyxq's conformance kit (tyxq.testing), in both dtypes."""

from tyxq.testing import BackendConformance, GradientMethodConformance, NoisyModeConformance


class TestTorchBackend(BackendConformance):
    backend_name = "torch"


class TestDensityMatrixOnTorch(NoisyModeConformance):
    """The density_matrix mode runs on torch with nothing torch-specific in its kernels."""

    backend_name = "torch"
    mode_name = "density_matrix"


class TestAutogradInDensityMatrix(GradientMethodConformance):
    backend_name = "torch"
    gradient_name = "autograd"
    mode_name = "density_matrix"
