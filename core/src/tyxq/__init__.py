"""tyxq: parameterised quantum circuits, simulated exactly or with shots, inside classical code.

Example:
    >>> import tyxq
    >>> c = tyxq.Circuit(3).h(0).cnot(0, 1).cnot(1, 2)
    >>> round(float(tyxq.expectation(c, tyxq.Z(0) @ tyxq.Z(2))), 12)
    1.0

This module only re-exports; the layers below it, bottom to top, are
errors → backends, observables → gates, plugins → circuit → problems → templates → context →
kernels, qasm → execution → gradients → api (the verbs) → information, geometry → optimize; remote → futures → parallel.
"""

import logging as _logging

from . import builtin_plugins as _builtin_plugins
from . import optimize, problems, qasm, templates
from ._version import __version__
from .api import counts, density_matrix, expectation, expectation_ps, probabilities, sample, state
from .circuit import Circuit, Condition, Operation
from .context import (
    available_backends,
    available_execution_modes,
    available_gradient_methods,
    get_backend,
    get_execution_mode,
    get_gradient_method,
    set_backend,
    set_execution_mode,
    set_gradient_method,
    use_backend,
    use_execution_mode,
    use_gradient_method,
)
from .drawing import draw, draw_mpl
from .errors import (
    ArgumentOrderError,
    BackendError,
    BrokenPluginError,
    CapabilityError,
    ChannelError,
    ChunkError,
    ConfigurationError,
    ConfigurationWarning,
    ControlQubitError,
    DrawingError,
    GradientError,
    IncompatiblePluginError,
    InteropError,
    MissingExtraError,
    NoiseRuleError,
    NonUnitaryError,
    NotDifferentiableError,
    NotInvertibleError,
    ObservableError,
    ParameterError,
    PauliStringError,
    PluginConflictError,
    PluginDependencyError,
    PluginError,
    PluginWarning,
    ProblemError,
    QasmError,
    QubitIndexError,
    ShiftRuleError,
    ShotsError,
    SignatureError,
    StateTooLargeError,
    TemplateError,
    TyxqError,
    UnknownGateError,
    UnknownPluginError,
)
from .evolution import evolve
from .execution import DensityMatrixMode, ShotsMode, StatevectorMode, TrajectoriesMode, evaluation
from .futures import get_max_workers, set_max_workers, submit
from .gates import GATES
from .geometry import metric_tensor
from .gradients import (
    AdjointGradient,
    AutogradGradient,
    AutoGradient,
    FiniteDifferenceGradient,
    ParameterShiftGradient,
    grad,
    gradcheck,
    hessian,
    jacobian,
    value_and_grad,
)
from .hermitian import Hermitian
from .information import fidelity, matrix, mutual_info, purity, vn_entropy
from .kinds import OperationKind
from .noise import NoiseModel
from .observables import Hamiltonian, I, PauliString, X, Y, Z
from .operations import OPERATIONS
from .parallel import map
from .plugins.manager import provide_builtins as _provide_builtins
from .specs import CircuitSpecs, specs
from .variances import variance

__all__ = [
    "__version__",
    "Circuit",
    "Operation",
    "Condition",
    "OperationKind",
    "OPERATIONS",
    "GATES",
    "evolve",
    "draw",
    "draw_mpl",
    "specs",
    "CircuitSpecs",
    "NoiseModel",
    "PauliString",
    "Hamiltonian",
    "Hermitian",
    "X",
    "Y",
    "Z",
    "I",
    "set_backend",
    "use_backend",
    "get_backend",
    "available_backends",
    "set_gradient_method",
    "use_gradient_method",
    "get_gradient_method",
    "available_gradient_methods",
    "set_execution_mode",
    "use_execution_mode",
    "get_execution_mode",
    "available_execution_modes",
    "state",
    "density_matrix",
    "probabilities",
    "expectation",
    "expectation_ps",
    "variance",
    "sample",
    "counts",
    "matrix",
    "purity",
    "vn_entropy",
    "mutual_info",
    "fidelity",
    "evaluation",
    "qasm",
    "templates",
    "problems",
    "value_and_grad",
    "grad",
    "gradcheck",
    "jacobian",
    "hessian",
    "metric_tensor",
    "optimize",
    "submit",
    "map",
    "set_max_workers",
    "get_max_workers",
    "TyxqError",
    "QubitIndexError",
    "ParameterError",
    "NonUnitaryError",
    "ChannelError",
    "NoiseRuleError",
    "ArgumentOrderError",
    "SignatureError",
    "UnknownGateError",
    "QasmError",
    "StateTooLargeError",
    "ShotsError",
    "ObservableError",
    "BackendError",
    "CapabilityError",
    "PluginError",
    "UnknownPluginError",
    "PluginConflictError",
    "PluginDependencyError",
    "BrokenPluginError",
    "IncompatiblePluginError",
    "GradientError",
    "NotDifferentiableError",
    "ConfigurationError",
    "ChunkError",
    "ControlQubitError",
    "PauliStringError",
    "NotInvertibleError",
    "ShiftRuleError",
    "DrawingError",
    "TemplateError",
    "ProblemError",
    "InteropError",
    "MissingExtraError",
    "PluginWarning",
    "ConfigurationWarning",
    "StatevectorMode",
    "ShotsMode",
    "DensityMatrixMode",
    "TrajectoriesMode",
    "AutoGradient",
    "AutogradGradient",
    "AdjointGradient",
    "ParameterShiftGradient",
    "FiniteDifferenceGradient",
]

_provide_builtins(_builtin_plugins)

_logging.getLogger("tyxq").addHandler(_logging.NullHandler())  # silent unless the application configures logging
