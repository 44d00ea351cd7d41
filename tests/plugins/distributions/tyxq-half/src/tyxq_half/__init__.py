"""Objects that lack a member of their protocol."""
