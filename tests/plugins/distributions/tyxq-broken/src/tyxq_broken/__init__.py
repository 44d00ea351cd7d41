"""A plugin whose module fails to import."""
