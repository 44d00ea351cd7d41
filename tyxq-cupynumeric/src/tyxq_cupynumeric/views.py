"""Reshapes that split axes as views of the same Legate store, with no copy.

cuPyNumeric copies on every reshape that splits or merges axes (it builds a
new store and copies through a delinearised view of the old one). The
kernels split the state ``(B, 2**n)`` into ``(B·L, d, R)`` views for every
gate and merge the result back, so each gate cost two or three copies of the
state beside its own work, and a result written through ``out=`` into a
reshaped buffer landed in a copy. Legate can *read and write* through a
delinearised store directly, so a reshape that only splits axes (and adds
or drops axes of extent 1) is returned here as a view of the same store:
writes through it reach the array it came from, as numpy's views do. The
view remembers that array, so reshaping the view back to its shape returns
the array itself instead of a copy. Any other reshape (merging axes of an
array that is not such a view) is cuPyNumeric's own.

Legate reads and writes such views as whole operands (the ``out=`` of a
product, a gather or an elementwise operation; an assignment to the whole
view; a reduction; a copy), which is all the kernels do with them. It cannot
invert the transform for a view *sliced* after the split: mapping one on the
host, or assigning into a slice of it, raises ``NonInvertibleTransformation``
so indexing a view reads from a copy of it (the kernels only read such
slices, e.g. the halves of a controlled gate), and assigning into a slice of
one is refused by Legate.

Example:
    >>> import cupynumeric as cn
    >>> a = cn.ones((1, 2**18))
    >>> v = split_view(a, (2**10, 2, 2**7))
    >>> _ = cn.multiply(v, 3.0, out=v)  # written through the view into a
    >>> float(a.sum()) / 2**18, merged_base(v, (1, 2**18)) is a
    (3.0, True)
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from functools import cache
from typing import Any

__all__ = ["merged_base", "split_groups", "split_view"]

_BASES: dict[int, Any] = {}
"""``id(view) -> the array it splits``, kept while the view lives (a finalizer removes the entry)."""


def _resolve(shape: Sequence[int], size: int) -> tuple[int, ...] | None:
    shape = tuple(int(extent) for extent in shape)
    if shape.count(-1) > 1:
        return None
    known = 1
    for extent in shape:
        if extent != -1:
            known *= extent
    if -1 in shape:
        if known == 0 or size % known:
            return None
        shape = tuple(size // known if extent == -1 else extent for extent in shape)
    return shape


def split_groups(source: Sequence[int], target: Sequence[int]) -> list[tuple[int, ...]] | None:
    """For each axis of ``source`` (no extent 1), the target extents it splits into; ``None`` if any merge.

    Example:
        >>> split_groups((8, 16), (2, 4, 16))
        [(2, 4), (16,)]
        >>> split_groups((8, 16), (128,)) is None
        True
    """
    groups, position = [], 0
    for extent in source:
        group, product = [], 1
        while product < extent and position < len(target):
            group.append(target[position])
            product *= target[position]
            position += 1
        if product != extent:
            return None
        groups.append(tuple(group))
    return groups if position == len(target) else None


@cache
def _view_class(ndarray: type) -> type:
    """A cuPyNumeric array class whose indexing reads from a copy when Legate cannot slice the view itself."""

    class SplitView(ndarray):  # type: ignore[misc, valid-type]
        def __getitem__(self, key: Any) -> Any:
            try:
                return super().__getitem__(key)
            except RuntimeError:  # NonInvertibleTransformation: index a copy (reads only)
                return ndarray.copy(self)[key]

    return SplitView


def split_view(a: Any, shape: Sequence[int]) -> Any | None:
    """``a`` reshaped to ``shape`` as a view of its store, or ``None`` where that takes a copy.

    Only reshapes that split axes (and add or drop axes of extent 1) of an
    array that Legate holds are views.
    """
    from cupynumeric import ndarray
    from cupynumeric._thunk.deferred import DeferredArray

    thunk = getattr(a, "_thunk", None)
    if not isinstance(a, ndarray) or not isinstance(thunk, DeferredArray):
        return None
    target = _resolve(shape, a.size)
    if target is None or a.size == 0:
        return None
    if target == tuple(a.shape):
        return a
    groups = split_groups([e for e in a.shape if e != 1], [e for e in target if e != 1])
    if groups is None or all(len(group) == 1 for group in groups):
        return None  # merges copy; adding or dropping axes of extent 1 is already free in cuPyNumeric
    store = thunk.base
    for dim in reversed([axis for axis, extent in enumerate(a.shape) if extent == 1]):
        store = store.project(dim, 0)
    for dim in reversed(range(len(groups))):
        if len(groups[dim]) > 1:
            store = store.delinearize(dim, groups[dim])
    for dim, extent in enumerate(target):
        if extent == 1:
            store = store.promote(dim, 1)
    view = ndarray._from_thunk(DeferredArray(store))  # a plain array: its class becomes the view class
    view.__class__ = _view_class(ndarray)
    base = _BASES.get(id(a), a)
    _BASES[id(view)] = base
    weakref.finalize(view, _BASES.pop, id(view), None)
    return view


def merged_base(a: Any, shape: Sequence[int]) -> Any | None:
    """The array that ``a`` is a split view of, where ``shape`` is that array's shape; else ``None``."""
    base = _BASES.get(id(a))
    if base is None:
        return None
    target = _resolve(shape, getattr(a, "size", -1))
    return base if target == tuple(base.shape) else None
