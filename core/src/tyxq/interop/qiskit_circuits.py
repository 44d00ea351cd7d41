"""Qiskit ``QuantumCircuit`` to and from ``tyxq.Circuit``: gates, free parameters, global phase, dynamic circuits.

Qubit ``q`` of one is qubit ``q`` of the other and every gate keeps its
qubits; what differs is how a statevector is indexed: Qiskit's qubit 0 is the
*rightmost* bit of a basis label, tyxq's the *leftmost*, so
``tyxq.state(from_qiskit(qc))`` equals
``Statevector(qc).reverse_qargs().data``. Where a dense matrix crosses
(``UnitaryGate``, ``Circuit.unitary``) the converters reverse its qubits.

- **Free parameters.** :func:`~tyxq.interop.qiskit_ansatz` reads a circuit with unbound
  ``Parameter``, ``ParameterVector`` or ``ParameterExpression`` angles once,
  and returns an :class:`~tyxq.interop.Ansatz`: ``ansatz(values)`` builds the
  tyxq circuit, values in the order of ``qc.parameters`` (Qiskit's sorted
  order, vectors by index), by name, or as a ``(batch, parameters)`` array;
  torch tensors stay differentiable. Affine expressions (``2*θ + φ - 0.5``)
  are computed with the values' own arithmetic; other expressions (``sin(θ)``,
  ``θ*φ``) through SymPy, with NumPy's functions or the array's methods
  (``tensor.sin()``). :func:`~tyxq.interop.from_qiskit` is ``qiskit_ansatz(qc)(parameters)``.
- **Global phase.** tyxq has no global-phase gate; ``from_qiskit`` keeps
  Qiskit's ``global_phase`` φ exactly, as ``rz(-2φ)·phase(2φ)`` on the first
  qubit (the product is ``e^{iφ}·I``, the form of ``Circuit.pauli_rot`` for
  an all-identity string), so states agree amplitude by amplitude and the phase
  stays right under ``Circuit.ctrl``; ``global_phase=False`` drops it.
- **Dynamic circuits.** The circuit's classical register has Qiskit's size
  (``Circuit(n, bits=qc.num_clbits)``). A ``measure`` that nothing after it
  touches (its qubit or its clbit) is a final measurement
  (``Circuit.measure_at_end``), so a circuit ending in ``measure_all`` still
  has a state; any other ``measure`` writes the clbit of the same index;
  ``reset`` is tyxq's ``reset``; ``if_test`` blocks on one bit, a register or a
  conjunction of bits become conditioned gates (an ``else`` only on one bit).
  ``barrier`` and ``delay`` are dropped. Loops and ``switch`` are refused.
- **Other gates.** A gate of the shared table (:mod:`tyxq.interop.qiskit_gates`)
  is that gate; a controlled gate whose base is in the table becomes tyxq's
  ``ctrl[values]:base``; any other gate is read through its ``definition``
  (its decomposition), and one without is refused by name.

Example:
    >>> import numpy as np, tyxq
    >>> from qiskit import QuantumCircuit
    >>> from qiskit.circuit import Parameter
    >>> theta = Parameter("θ")
    >>> qc = QuantumCircuit(2)
    >>> _ = qc.h(0); _ = qc.cx(0, 1); _ = qc.ry(2 * theta, 1)
    >>> ansatz = qiskit_ansatz(qc)
    >>> ansatz.parameters
    ('θ',)
    >>> print(ansatz([0.25]))
    Circuit on 2 qubits, 3 operations
        0: h q[0]
        1: cnot q[0], q[1]
        2: ry(0.5) q[1]
    >>> round(float(tyxq.expectation(from_qiskit(qc, {"θ": np.pi / 2}), "ZZ")), 6)
    -1.0
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from ..circuit import Circuit, Condition, Operation
from ..errors import InteropError
from ..gates import GATES, gate_spec
from .ansatz import Ansatz, Step, Value, affine
from .extras import require
from .qiskit_gates import DROPPED, QISKIT_TO_TYXQ, TYXQ_TO_QISKIT
from .reading import gate_matrix, kind_of
from .terms import host_angle

if TYPE_CHECKING:
    from qiskit import QuantumCircuit

__all__ = ["from_qiskit", "qiskit_ansatz", "to_qiskit"]

_REFUSED_FLOW = {"for_loop", "while_loop", "switch_case", "box", "break_loop", "continue_loop"}


def qiskit_ansatz(circuit: QuantumCircuit, *, global_phase: bool = True) -> Ansatz:
    """Read a Qiskit circuit once; the :class:`~tyxq.interop.Ansatz` builds it for any parameter values.

    Example:
        >>> from qiskit.circuit.library import real_amplitudes
        >>> ansatz = qiskit_ansatz(real_amplitudes(3, reps=1))
        >>> ansatz.n_params, ansatz.parameters[:2]
        (6, ('θ[0]', 'θ[1]'))
        >>> ansatz(range(6)).n_qubits
        3
    """
    qiskit = require("qiskit", "qiskit")
    if not isinstance(circuit, qiskit.QuantumCircuit):
        raise InteropError(f"qiskit_ansatz reads a qiskit.QuantumCircuit, got {type(circuit).__name__}")
    if circuit.num_qubits == 0:
        raise InteropError("the Qiskit circuit has no qubits; a tyxq circuit needs at least one")
    reader = _Reader({p: i for i, p in enumerate(circuit.parameters)}, global_phase)
    steps = reader.read(
        circuit, list(range(circuit.num_qubits)), list(range(circuit.num_clbits)), _final_measurements(circuit)
    )
    names = tuple(p.name for p in circuit.parameters)
    return Ansatz(circuit.num_qubits, names, tuple(steps), bits=circuit.num_clbits or None)


def from_qiskit(circuit: QuantumCircuit, parameters: Any = None, *, global_phase: bool = True) -> Circuit:
    """The tyxq circuit of a Qiskit circuit, its free parameters bound to ``parameters``.

    ``parameters`` is ``None`` for a circuit without free parameters; else a
    sequence or array in the order of ``circuit.parameters``, a
    ``(batch, parameters)`` array, or a mapping from ``Parameter``,
    ``ParameterVector`` or name to value(s). See the module docstring for the
    conventions; for repeated binding (training), build once with
    :func:`qiskit_ansatz`.

    Example:
        >>> import tyxq
        >>> from qiskit import QuantumCircuit
        >>> qc = QuantumCircuit(2, 1)
        >>> _ = qc.x(0); _ = qc.measure(0, 0)
        >>> with qc.if_test((qc.clbits[0], 1)):
        ...     _ = qc.x(1)
        >>> print(from_qiskit(qc))
        Circuit on 2 qubits, 3 operations
            0: x q[0]
            1: measure q[0] -> c[0]
            2: x q[1] if c[0]=1
    """
    return qiskit_ansatz(circuit, global_phase=global_phase)(parameters)


class _Reader:
    """Walks a Qiskit circuit (and the definitions of the gates tyxq lacks) into ansatz steps."""

    def __init__(self, index: dict[Any, int], global_phase: bool) -> None:
        self.index = index
        self.global_phase = global_phase
        self.qiskit = require("qiskit", "qiskit")

    def read(
        self, circuit: QuantumCircuit, qubits: list[int], clbits: list[int], final: frozenset[int] = frozenset()
    ) -> list[Step]:
        """The steps of ``circuit`` on ``qubits``; the instructions at positions ``final`` are final measurements."""
        steps: list[Step] = []
        if self.global_phase and _nonzero(circuit.global_phase):
            steps.append(_global_phase_step(self.value(circuit.global_phase), qubits[0]))
        for position, instruction in enumerate(circuit.data):
            op = instruction.operation
            targets = [qubits[circuit.find_bit(q).index] for q in instruction.qubits]
            bits = [clbits[circuit.find_bit(c).index] for c in instruction.clbits]
            if position in final:
                steps.append(_final_measure_step(targets[0], bits[0]))
                continue
            steps += self.operation(op, targets, bits, circuit)
        return steps

    def operation(self, op: Any, qubits: list[int], clbits: list[int], outer: QuantumCircuit) -> list[Step]:
        name = op.name
        if name in DROPPED:
            return []
        if name == "measure":
            return [_measure_step(qubits[0], clbits[0])]
        if name == "reset":
            return [_gate_step("reset", qubits, ())]
        if name == "if_else":
            return self.if_else(op, qubits, clbits, outer)
        if name in _REFUSED_FLOW:
            raise InteropError(
                f"the Qiskit circuit holds a {name} block, which tyxq circuits cannot express (they have "
                "conditioned gates, no loops): unroll it in Qiskit first"
            )
        tyxq_name = QISKIT_TO_TYXQ.get(name)
        if tyxq_name is not None and len(op.params) == GATES[tyxq_name].n_params:
            return [_gate_step(tyxq_name, qubits, tuple(self.value(p) for p in op.params))]
        if name == "unitary":
            return [_unitary_step(np.asarray(op.to_matrix()), qubits[::-1])]
        controlled = self.controlled(op, qubits)
        if controlled is not None:
            return [controlled]
        definition = getattr(op, "definition", None)
        if definition is None:
            matrix = self.matrix(op)
            if matrix is not None:
                return [_unitary_step(matrix, qubits[::-1])]
            raise InteropError(
                f"the Qiskit instruction {name!r} has no tyxq equivalent and no definition to decompose; "
                "transpile the circuit to standard gates first, e.g. qiskit.transpile(qc, basis_gates=['u', 'cx'])"
            )
        return self.read(definition, qubits, clbits)

    def matrix(self, op: Any) -> np.ndarray | None:
        """The matrix of an operation without a definition (an annotated gate), if it has one and no free angle."""
        if any(isinstance(p, self.qiskit.circuit.ParameterExpression) and p.parameters for p in op.params):
            return None
        try:
            return np.asarray(self.qiskit.quantum_info.Operator(op).data)
        except self.qiskit.exceptions.QiskitError:
            return None

    def controlled(self, op: Any, qubits: list[int]) -> Step | None:
        """``ctrl[values]:base`` for a controlled gate (or an annotated one) whose base is a shared gate."""
        circuit_module = self.qiskit.circuit
        if isinstance(op, circuit_module.ControlledGate):
            base, k, state = op.base_gate, op.num_ctrl_qubits, op.ctrl_state
            if len(op.params) != len(base.params):
                return None  # CUGate's extra phase parameter, for one: its definition says what it does
        elif isinstance(op, circuit_module.AnnotatedOperation) and all(
            isinstance(m, circuit_module.ControlModifier) for m in op.modifiers
        ):
            base, values = op.base_op, ""
            for modifier in reversed(op.modifiers):  # the last modifier's controls come first
                values += "".join(str((modifier.ctrl_state >> j) & 1) for j in range(modifier.num_ctrl_qubits))
            k, state = len(values), int(values[::-1], 2) if values else 0
        else:
            return None
        base_name = QISKIT_TO_TYXQ.get(base.name)
        if base_name is None or len(base.params) != GATES[base_name].n_params:
            return None
        values = "".join(str((state >> j) & 1) for j in range(k))
        name = gate_spec(f"ctrl[{values}]:{base_name}").name
        return _gate_step(name, qubits, tuple(self.value(p) for p in base.params))

    def if_else(self, op: Any, qubits: list[int], clbits: list[int], outer: QuantumCircuit) -> list[Step]:
        condition = self.condition(op.condition, outer)
        true_body, false_body = op.blocks[0], op.blocks[1] if len(op.blocks) > 1 else None
        steps = [_conditioned(self.read(true_body, qubits, clbits), condition)]
        if false_body is not None and len(false_body.data):
            if len(condition.bits) != 1:
                raise InteropError(
                    "an if_test on several bits with an else branch has no tyxq form (the else branch holds where "
                    "any bit differs); condition on one bit, or write the else branch as its own if_test"
                )
            flipped = Condition(condition.bits, (1 - condition.values[0],))
            steps.append(_conditioned(self.read(false_body, qubits, clbits), flipped))
        return steps

    def condition(self, condition: Any, outer: QuantumCircuit) -> Condition:
        """A Qiskit condition, ``(clbit, value)``, ``(register, value)`` or a conjunction of bits, as a tyxq one."""
        classical = self.qiskit.circuit.classical
        if isinstance(condition, tuple):
            target, value = condition
            if isinstance(target, self.qiskit.circuit.Clbit):
                return Condition((outer.find_bit(target).index,), (int(value),))
            bits = tuple(outer.find_bit(b).index for b in target)
            return Condition(bits, tuple((int(value) >> j) & 1 for j in range(len(bits))))
        found = _conjunction(condition, classical.expr)
        if found is None:
            raise InteropError(
                f"the if_test condition {condition} is not a bit, a register equal to a value, or an AND of bits "
                "and their negations: tyxq conditions a gate on bits holding given values only"
            )
        bits = tuple(outer.find_bit(b).index for b, _ in found)
        return Condition(bits, tuple(v for _, v in found))

    def value(self, param: Any) -> Value | float:
        """A gate parameter as a number, or as a function of the parameter values."""
        expression_type = self.qiskit.circuit.ParameterExpression
        if not isinstance(param, expression_type):
            return float(param)
        if not param.parameters:
            return float(param.numeric())
        gradients = {p: param.gradient(p) for p in param.parameters}
        if all(not isinstance(g, expression_type) or not g.parameters for g in gradients.values()):
            constant = float(param.bind({p: 0.0 for p in param.parameters}).numeric())
            return affine(constant, {self.index[p]: float(np.real(complex(g))) for p, g in gradients.items()})
        return _sympy_value(param, {p.name: self.index[p] for p in param.parameters})


def _conjunction(condition: Any, expr: Any) -> list[tuple[Any, int]] | None:
    """``[(clbit, value), …]`` for a bit, its negation, or an AND of such; ``None`` for anything else."""
    if isinstance(condition, expr.Var) and not isinstance(condition.var, str):
        return [(condition.var, 1)] if not hasattr(condition.var, "__len__") else None
    if isinstance(condition, expr.Unary) and condition.op == expr.Unary.Op.LOGIC_NOT:
        inner = _conjunction(condition.operand, expr)
        return [(inner[0][0], 1 - inner[0][1])] if inner is not None and len(inner) == 1 else None
    if isinstance(condition, expr.Binary) and condition.op in (expr.Binary.Op.LOGIC_AND, expr.Binary.Op.BIT_AND):
        left, right = _conjunction(condition.left, expr), _conjunction(condition.right, expr)
        return left + right if left is not None and right is not None else None
    if isinstance(condition, expr.Cast):
        return _conjunction(condition.operand, expr)
    return None


def _final_measurements(circuit: QuantumCircuit) -> frozenset[int]:
    """The positions of the measurements that nothing after them touches (neither their qubit nor their bit)."""
    touched_qubits: set[int] = set()
    touched_bits: set[int] = set()
    final = set()
    for position in reversed(range(len(circuit.data))):
        instruction = circuit.data[position]
        if instruction.operation.name in DROPPED:
            continue
        qubits = {circuit.find_bit(q).index for q in instruction.qubits}
        bits = {circuit.find_bit(c).index for c in instruction.clbits}
        if instruction.operation.name == "measure" and not (qubits & touched_qubits or bits & touched_bits):
            final.add(position)
        touched_qubits |= qubits
        touched_bits |= bits
    return frozenset(final)


def _nonzero(phase: Any) -> bool:
    return not isinstance(phase, numbers.Real) or float(phase) != 0.0


def _evaluate(value: Value | float, values: Sequence[Any]) -> Any:
    return value(values) if callable(value) else value


def _gate_step(name: str, qubits: Sequence[int], params: tuple[Value | float, ...]) -> Step:
    def step(circuit: Circuit, values: Sequence[Any]) -> None:
        circuit.apply(name, *qubits, params=[_evaluate(p, values) for p in params])

    return step


def _global_phase_step(phase: Value | float, qubit: int) -> Step:
    def step(circuit: Circuit, values: Sequence[Any]) -> None:
        phi = _evaluate(phase, values)
        circuit.apply("rz", qubit, params=[-2 * phi]).apply("phase", qubit, params=[2 * phi])

    return step


def _measure_step(qubit: int, bit: int) -> Step:
    def step(circuit: Circuit, values: Sequence[Any]) -> None:
        circuit.measure(qubit, bit)

    return step


def _final_measure_step(qubit: int, bit: int) -> Step:
    def step(circuit: Circuit, values: Sequence[Any]) -> None:
        circuit.measure_at_end(qubit, bit)

    return step


def _unitary_step(matrix: np.ndarray, qubits: Sequence[int]) -> Step:
    def step(circuit: Circuit, values: Sequence[Any]) -> None:
        circuit.unitary(matrix=matrix, qubits=list(qubits))

    return step


def _conditioned(body: list[Step], condition: Condition) -> Step:
    def step(circuit: Circuit, values: Sequence[Any]) -> None:
        block = Circuit(circuit.n_qubits)
        for inner in body:
            inner(block, values)
        circuit.cond(block, condition.bits, condition.values)

    return step


def _sympy_value(param: Any, positions: dict[str, int]) -> Value:
    """A nonlinear parameter expression through SymPy: NumPy's functions on numbers, the array's methods otherwise."""
    sympy = require("sympy", "qiskit")
    expression = param.sympify()
    symbols = sorted(expression.free_symbols, key=lambda s: s.name)
    function = sympy.lambdify(symbols, expression, modules=[_FUNCTIONS, "math"])
    order = [positions[s.name] for s in symbols]

    def value(values: Sequence[Any]) -> Any:
        return function(*(values[i] for i in order))

    return value


def _elementwise(name: str) -> Callable[[Any], Any]:
    def apply(x: Any) -> Any:
        if isinstance(x, (numbers.Number, np.ndarray, np.generic)):
            return getattr(np, name)(x)
        return getattr(x, name)()

    return apply


_FUNCTIONS = {
    name: _elementwise(method)
    for name, method in {
        "sin": "sin", "cos": "cos", "tan": "tan", "exp": "exp", "log": "log", "sqrt": "sqrt",
        "asin": "arcsin", "acos": "arccos", "atan": "arctan",
    }.items()
} | {"Abs": abs}


def to_qiskit(circuit: Circuit) -> QuantumCircuit:
    """A Qiskit circuit with the same gates on the same qubits, measurements, resets and conditions.

    Parameters become numbers (a batched circuit is refused: bind one member);
    the classical register keeps its size, and final measurements come last.
    Gates of the shared table become Qiskit's; controlled gates
    ``ctrl[values]:base`` become ``base.control(k, ctrl_state=…)``;
    ``multi_rz`` becomes a CNOT ladder around one ``rz``; a ``unitary`` a
    ``UnitaryGate`` (its qubits reversed); and the gates Qiskit's library
    lacks (``fsim``, ``single_excitation``, ``iswap_pow``, …) gates of the same
    name defined by their matrix, which :func:`from_qiskit` reads back by
    name. Noise channels other than ``reset`` are refused: noise belongs in a
    Qiskit Aer noise model. Conditions become ``if_test`` blocks.

    Example:
        >>> import numpy as np, tyxq
        >>> from qiskit.quantum_info import Statevector
        >>> c = tyxq.Circuit(2).h(0).cnot(0, 1).rz(1, 0.3)
        >>> qc = to_qiskit(c)
        >>> [i.operation.name for i in qc.data]
        ['h', 'cx', 'rz']
        >>> bool(np.allclose(Statevector(qc).reverse_qargs().data, tyxq.state(c)))
        True
    """
    qiskit = require("qiskit", "qiskit")
    if circuit.batch_size is not None:
        raise InteropError(
            f"the circuit holds a batch of {circuit.batch_size} parameter sets, and a Qiskit circuit one: "
            "convert one member (build the circuit with that member's parameters)"
        )
    if circuit.inputs is not None:
        raise InteropError(
            "the circuit starts from an input state; to_qiskit writes gates only: prepend Qiskit's "
            "StatePreparation(state) on reversed qubits, or convert tyxq.Circuit(n).append(circuit)"
        )
    out = qiskit.QuantumCircuit(circuit.n_qubits, circuit.n_bits)
    for op in circuit.ops:
        if op.condition is None:
            _write(out, op, qiskit)
            continue
        with out.if_test(_qiskit_condition(out, op.condition, qiskit)):
            _write(out, op, qiskit)
    for bit, qubit in circuit.final_measurements.items():
        out.measure(qubit, bit)
    return out


def _qiskit_condition(out: Any, condition: Condition, qiskit: Any) -> Any:
    """``(clbit, value)`` for one bit, else an AND of the bits and their negations."""
    if len(condition.bits) == 1:
        return (out.clbits[condition.bits[0]], condition.values[0])
    expr = qiskit.circuit.classical.expr
    terms = [
        expr.lift(out.clbits[b]) if v else expr.logic_not(out.clbits[b])
        for b, v in zip(condition.bits, condition.values, strict=True)
    ]
    joined = terms[0]
    for term in terms[1:]:
        joined = expr.logic_and(joined, term)
    return joined


def _write(out: Any, op: Operation, qiskit: Any) -> None:
    """Append the Qiskit form of one (unconditioned) tyxq operation."""
    qubits, kind = list(op.qubits), kind_of(op)
    if kind == "measure":
        out.measure(qubits[0], op.bit)
        return
    if kind == "reset":
        out.reset(qubits[0])
        return
    if kind == "channel":
        raise InteropError(
            f"the circuit holds the channel {op.name}; a Qiskit circuit holds no noise: convert the noise-free "
            "circuit, and the noise as a qiskit_aer NoiseModel"
        )
    if kind == "matrix":
        out.append(qiskit.circuit.library.UnitaryGate(np.asarray(op.matrix)), qubits[::-1])
        return
    params = [host_angle(p, f"parameter {i} of {op.name}") for i, p in enumerate(op.params)]
    out.append(_qiskit_gate(op.spec, params, qiskit), qubits)


def _qiskit_gate(spec: Any, params: list[float], qiskit: Any) -> Any:
    """The Qiskit gate for a tyxq gate spec with numeric ``params``."""
    library = qiskit.circuit.library
    if spec.name in TYXQ_TO_QISKIT:
        return getattr(library, TYXQ_TO_QISKIT[spec.name])(*params)
    if spec.base is not None:  # a controlled gate ctrl[values]:base
        state = int("".join(str(v) for v in reversed(spec.control_values)), 2)
        base = _qiskit_gate(spec.base, params, qiskit)
        return base.control(len(spec.control_values), ctrl_state=state, annotated=False)
    if spec.name.startswith("multi_rz["):
        return _multi_rz(spec.n_qubits, params[0], qiskit)
    gate = qiskit.circuit.Gate(spec.name, spec.n_qubits, params)
    definition = qiskit.QuantumCircuit(spec.n_qubits)
    definition.append(library.UnitaryGate(gate_matrix(spec, params)), list(range(spec.n_qubits))[::-1])
    gate.definition = definition
    return gate


def _multi_rz(k: int, theta: float, qiskit: Any) -> Any:
    """``exp(-iθ Z⊗…⊗Z/2)`` on ``k`` qubits as a gate defined by a CNOT ladder around one ``rz``."""
    definition = qiskit.QuantumCircuit(k)
    for q in range(k - 1):
        definition.cx(q, q + 1)
    definition.rz(theta, k - 1)
    for q in reversed(range(k - 1)):
        definition.cx(q, q + 1)
    return definition.to_gate(label=f"multi_rz[{k}]")

