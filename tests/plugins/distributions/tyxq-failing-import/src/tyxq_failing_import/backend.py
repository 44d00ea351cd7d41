"""Raises on import, as a module whose initialisation has a bug does."""

raise RuntimeError("accelerator table is empty")
