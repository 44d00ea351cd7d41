"""Document module-level data by its own attribute docstring, not by the docstring of its type.

autodoc documents ``tyxq.GATES`` (a dict re-exported from :mod:`tyxq.gates`) with
``dict.__doc__`` unless the re-exporting module holds a docstring for it. This extension looks for
the attribute docstring (the string literal after the assignment) in the module that defines the
object, among the re-exporting package's modules, and uses it; where there is none, the type's
docstring is dropped rather than shown as if it described the value. A short value is shown after
the docstring (the data template asks autodoc not to print values: ``GATES``'s would be pages).
"""

from __future__ import annotations

import sys
from typing import Any

from sphinx.application import Sphinx
from sphinx.pycode import ModuleAnalyzer, PycodeError

SHORT_VALUE = 100
"""Characters of ``repr(value)`` above which the value is not shown."""


def _defining_docstring(package: str, attribute: str, value: Any) -> list[str]:
    """The attribute docstring of ``attribute`` in the module under ``package`` that assigns ``value``."""
    for module_name in sorted(name for name in sys.modules if name == package or name.startswith(package + ".")):
        if getattr(sys.modules[module_name], attribute, None) is not value:
            continue
        try:
            docs = ModuleAnalyzer.for_module(module_name).find_attr_docs()
        except PycodeError:
            continue
        if ("", attribute) in docs:
            return [line for line in docs[("", attribute)] if line is not None]
    return []


def document_data(app: Sphinx, what: str, name: str, obj: Any, options: Any, lines: list[str]) -> None:
    if what != "data":
        return
    if obj.__doc__ == type(obj).__doc__:
        package, _, attribute = name.rpartition(".")
        lines[:] = _defining_docstring(package.split(".")[0], attribute, obj)
    value = repr(obj)
    if len(value) <= SHORT_VALUE:
        lines.extend(["", f"Value: ``{value}``"])


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("autodoc-process-docstring", document_data)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
