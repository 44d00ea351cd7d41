"""A converter whose framework is missing names the extra that installs it; tyxq itself never imports one."""

from __future__ import annotations

import subprocess
import sys

import pytest

import tyxq
from tyxq.interop import from_cirq, from_openfermion, from_pennylane, from_qiskit, to_qiskit_operator

CONVERTERS = [(from_qiskit, "qiskit", "qiskit"), (to_qiskit_operator, "qiskit", "qiskit"),
              (from_openfermion, "openfermion", "openfermion"), (from_pennylane, "pennylane", "pennylane"),
              (from_cirq, "cirq", "cirq")]


@pytest.mark.parametrize(("converter", "module", "extra"), CONVERTERS)
def test_a_missing_framework_is_an_error_naming_its_extra(monkeypatch, converter, module, extra):
    monkeypatch.setitem(sys.modules, module, None)  # `import module` now raises ImportError
    monkeypatch.setitem(sys.modules, f"{module}.quantum_info", None)
    with pytest.raises(tyxq.MissingExtraError, match=rf'pip install "tyxq\[{extra}\]"') as raised:
        converter(object())
    assert isinstance(raised.value, ImportError) and isinstance(raised.value, tyxq.TyxqError)


def test_importing_tyxq_and_tyxq_interop_imports_no_framework():
    code = (
        "import sys, tyxq, tyxq.interop; "
        "print(sorted(m for m in ('qiskit', 'openfermion', 'pennylane', 'cirq') if m in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout == "[]\n"
