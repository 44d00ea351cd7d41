"""tyxq-spsa: the SPSA gradient method, published the way any third party would publish one.

Installing this distribution registers the gradient method ``spsa`` through
the entry-point group ``tyxq``; nothing in tyxq's core names it.

Example:
    >>> import tyxq
    >>> "spsa" in tyxq.available_gradient_methods()
    True
"""

__version__ = "0.1.0"
