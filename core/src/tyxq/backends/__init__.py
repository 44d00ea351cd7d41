"""The Backend protocol and the built-in numpy backend."""

from .no_autodiff import WithoutTransforms
from .protocol import COMPLEX_DTYPES, REAL_DTYPE_OF, Array, Backend, BackendCapabilities

__all__ = ["Array", "Backend", "BackendCapabilities", "COMPLEX_DTYPES", "REAL_DTYPE_OF", "WithoutTransforms"]
