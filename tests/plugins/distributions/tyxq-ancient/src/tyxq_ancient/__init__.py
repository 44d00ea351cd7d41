"""A plugin made for an older tyxq."""
