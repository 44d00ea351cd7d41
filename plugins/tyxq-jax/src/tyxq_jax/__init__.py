"""tyxq-jax: a tyxq backend on JAX, published the way any third party would publish one.

Installing this distribution registers the backend ``jax`` through the entry
point group ``tyxq``; nothing in tyxq's core names it. Importing this package
does not import JAX: the backend class lives in :mod:`tyxq_jax.backend` and
is imported when ``tyxq.set_backend("jax")`` first creates it.

Example:
    >>> import tyxq
    >>> "jax" in tyxq.available_backends()
    True
"""

__version__ = "0.1.0"
