"""tyxq-spsa passes tyxq's gradient-method conformance kit.

SPSA is stochastic. Averaging 1000 directions, component ``i`` of its
estimate has standard deviation ``sqrt(Σ_{j≠i} g_j² / 1000)``, at most 0.085
for the kit's test functions, so 0.45 is a five-standard-error bound; the
seed fixes the draws, and the step's bias (~c²/6 = 2e-5) is negligible.
"""

from typing import Any, ClassVar

from tyxq.testing import GradientMethodConformance


class TestSPSA(GradientMethodConformance):
    gradient_name = "spsa"
    gradient_options: ClassVar[dict[str, Any]] = {"samples": 1000, "step": 0.01, "seed": 2024}
    gradient_tolerance: ClassVar[dict[str, float]] = {"complex128": 0.45, "complex64": 0.45}
