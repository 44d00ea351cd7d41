"""Imports a dependency that is not installed, as a plugin with a missing requirement would."""

import tyxq_missing_dependency  # noqa: F401 - the failure is the point
