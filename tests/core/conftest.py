"""Fixtures of the core tests: the backends to run on, and hypothesis profiles.

``HYPOTHESIS_PROFILE=ci`` (set by tox.ini) makes hypothesis runs reproducible.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

from .backend_matrix import autodiff_backend_params, backend_params

settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(params=backend_params())
def backend_name(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture(params=autodiff_backend_params())
def autodiff_backend_name(request: pytest.FixtureRequest) -> str:
    return request.param
