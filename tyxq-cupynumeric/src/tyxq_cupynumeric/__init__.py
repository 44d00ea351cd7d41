"""tyxq-cupynumeric: the ``cupynumeric`` backend, NumPy semantics on Legate from one CPU to many GPUs and nodes.

Installing the distribution registers the backend through the ``tyxq``
entry-point group; importing this package does not import cupynumeric
(which starts the Legate runtime), so discovering plugins stays fast.

Example:
    >>> import tyxq
    >>> "cupynumeric" in tyxq.available_backends()
    True
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
