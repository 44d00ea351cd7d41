"""Sphinx configuration of the tyxq documentation: ``nox -s docs`` or ``tox run -e docs`` builds it."""

from __future__ import annotations

import sys
from pathlib import Path

DOCS = Path(__file__).parent
ROOT = DOCS.parent
sys.path.insert(0, str(DOCS / "_ext"))
# tyxq-cupynumeric is documented without being installed: its package imports without cupynumeric
# (which it loads lazily), and autodoc_mock_imports below covers any import of cupynumeric or Legate.
sys.path.insert(0, str(ROOT / "tyxq-cupynumeric" / "src"))

project = "tyxq"
author = "The tyxq developers"
copyright = "The tyxq developers"
release = version = "0.1.0"

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.napoleon",
    "sphinx.ext.mathjax",
    "sphinx_gallery.gen_gallery",
    "attribute_docs",
    "public_api_check",
]

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build", "tutorials", "auto_tutorials/*.ipynb", "auto_tutorials/*.py", "auto_tutorials/*.zip"]
templates_path = ["_templates"]
myst_enable_extensions = ["colon_fence"]

html_theme = "pydata_sphinx_theme"
html_title = "tyxq"
html_theme_options = {"navigation_with_keys": False, "show_toc_level": 2}

# The API reference: every name of each module's __all__ must be documented (public_api_check).
public_api_modules = [
    "tyxq",
    "tyxq.qasm",
    "tyxq.templates",
    "tyxq.problems",
    "tyxq.gates",
    "tyxq.operations",
    "tyxq.backends",
    "tyxq.execution",
    "tyxq.gradients",
    "tyxq.optimize",
    "tyxq.geometry",
    "tyxq.plugins",
    "tyxq.testing",
    "tyxq.interop",
    "tyxq_torch",
    "tyxq_torch.compile",
    "tyxq_ml",
    "tyxq_ml.layer",
    "tyxq_ml.bridge",
    "tyxq_ml.layer_modes",
    "tyxq_ml.layer_compile",
    "tyxq_ml.layer_options",
    "tyxq_ml.gradient_paths",
    "tyxq_ml.app.classifier",
    "tyxq_ml.app.data",
    "tyxq_ml.app.training",
    "tyxq_ml.app.distributed",
    "tyxq_ml.app.vqe",
    "tyxq_cupynumeric",
    "tyxq_cupynumeric.backend",
]
autosummary_generate = True
autodoc_mock_imports = ["cupynumeric", "legate"]
autodoc_member_order = "bysource"
autodoc_typehints = "signature"
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_use_ivar = True  # "Attributes:" sections as fields: autodoc documents the attributes themselves

# Broken cross-references fail the build. The exceptions are the types of other libraries and of the
# standard library that appear in signatures: Sphinx links to them only through intersphinx, which
# needs the network at build time.
nitpicky = True
# The type aliases of the generated circuit methods' signatures, linked to where they are documented.
autodoc_type_aliases = {
    "Qubits": "tyxq.validation.Qubits",
    "Parameter": "tyxq.validation.Parameter",
}
nitpick_ignore_regex = [
    ("py:.*", r"(numpy|np|torch|scipy|sklearn|pluggy|pytest|_pytest)(\..+)?"),
    ("py:.*", r"(abc|enum|collections\.abc|contextlib|concurrent\.futures|pathlib|argparse)\..+"),
    # tyxq.interop's signatures name the other frameworks' types (imported only for type checking)
    ("py:.*", r"(qiskit|qiskit_aer|openfermion|pennylane|cirq|cirq_module)(\..+)?"),
    ("py:.*", r"QuantumCircuit|SparsePauliOp|AerNoiseModel|QubitOperator|QuantumScript|Operator"),
]

sphinx_gallery_conf = {
    "examples_dirs": "tutorials",
    "gallery_dirs": "auto_tutorials",
    "filename_pattern": r"\.py$",  # every tutorial runs at build time: none is shown unexecuted
    "abort_on_example_error": True,
    "download_all_examples": False,
    "within_subsection_order": "FileNameSortKey",
}


GENERATED_MIXINS = {"tyxq.circuit_methods"}
"""Modules of generated mixins: their methods are documented on the class that inherits them (``Circuit``)."""


def hide_private_bases(app, name, obj, options, bases):
    """Show a class's public bases only: a private base (``_Record``) or a generated mixin has no page."""
    bases[:] = [
        b
        for b in bases
        if isinstance(b, type) and not b.__name__.startswith("_") and b.__module__ not in GENERATED_MIXINS
    ]  # a generic base such as dict[str, OperationSpec] is no class with a page either


def resolve_reexported(app, env, node, contnode):
    """Resolve ``package.module.Name`` to ``package.Name`` where the package documents it (a re-exported class).

    Base classes and annotations name a class by the module that defines it
    (``tyxq.gradients.evaluation.EvaluationGradient``); the reference documents
    it where users import it from (``tyxq.gradients.EvaluationGradient``).
    """
    if node.get("refdomain") != "py":
        return None
    parts = node["reftarget"].split(".")
    domain = env.get_domain("py")
    for start in range(1, len(parts) - 1):  # drop the defining modules: a.b.c.Name.attr -> a.Name.attr, ...
        for stop in range(start + 1, len(parts)):
            candidate = ".".join([*parts[:start], *parts[stop:]])
            if candidate in domain.objects:
                return domain.resolve_xref(
                    env, node["refdoc"], app.builder, node["reftype"], candidate, node, contnode
                )
    return None


def parsable_factory_defaults(app, what, name, obj, options, signature, return_annotation):
    """Write a dataclass field's ``default_factory`` default as ``...``: ``<factory>`` is no Python, and Sphinx's
    fallback parser for such a signature splits ``dict[str, Any]`` at its comma."""
    if signature and "<factory>" in signature:
        return signature.replace("<factory>", "..."), return_annotation
    return None


def setup(app):
    app.connect("autodoc-process-signature", parsable_factory_defaults)
    app.connect("autodoc-process-bases", hide_private_bases)
    app.connect("missing-reference", resolve_reexported)
