from __future__ import annotations

import pytest

from ..backend_matrix import autodiff_backend_params, backend_params


@pytest.fixture(params=backend_params())
def backend_name(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture(params=autodiff_backend_params())
def autodiff_backend_name(request: pytest.FixtureRequest) -> str:
    return request.param
