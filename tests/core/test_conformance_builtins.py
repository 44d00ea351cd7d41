"""tyxq's built-in execution modes and gradient methods pass the conformance kit that plugins run."""

from typing import Any, ClassVar

from tyxq.testing import ExecutionModeConformance, GradientMethodConformance, NoisyModeConformance


class TestStatevectorMode(ExecutionModeConformance):
    mode_name = "statevector"


class TestShotsMode(ExecutionModeConformance):
    mode_name = "shots"


class TestAdjoint(GradientMethodConformance):
    gradient_name = "adjoint"


class TestParameterShift(GradientMethodConformance):
    gradient_name = "parameter_shift"


class TestFiniteDifference(GradientMethodConformance):
    """Central differences: errors near ε^(2/3) times the function's scale; measured here at most 7e-10
    (complex128) and 5e-4 (complex64), so the tolerances leave a factor of 10."""

    gradient_name = "finite_difference"
    gradient_tolerance: ClassVar[dict[str, float]] = {"complex128": 1e-8, "complex64": 5e-3}


class TestAuto(GradientMethodConformance):
    gradient_name = "auto"


class TestParameterShiftWithShots(GradientMethodConformance):
    """Sampled shifted expectations: a five-standard-error tolerance for the kit's functions.

    Each expectation's variance is at most (Σ|c|)²/shots (c: the non-constant coefficients), so a
    component, a sum of scale/2 · (E+ − E−) over the gates its entry feeds, has a standard deviation
    of at most 0.071 for the kit's test functions at 20,000 shots: 0.36 is five of them.
    """

    gradient_name = "parameter_shift"
    mode_name = "shots"
    mode_options: ClassVar[dict[str, Any]] = {"shots": 20_000, "seed": 3}
    gradient_tolerance: ClassVar[dict[str, float]] = {"complex128": 0.36, "complex64": 0.36}


class TestDensityMatrixMode(NoisyModeConformance):
    mode_name = "density_matrix"


class TestTrajectoriesMode(NoisyModeConformance):
    mode_name = "trajectories"
    mode_options: ClassVar[dict[str, Any]] = {"trajectories": 4000, "seed": 11}
    samples = 4000


class TestParameterShiftInDensityMatrix(GradientMethodConformance):
    gradient_name = "parameter_shift"
    mode_name = "density_matrix"


class TestAutoInDensityMatrix(GradientMethodConformance):
    """On numpy, auto picks parameter shift for a mixed-state mode (adjoint serves pure states only)."""

    gradient_name = "auto"
    mode_name = "density_matrix"
