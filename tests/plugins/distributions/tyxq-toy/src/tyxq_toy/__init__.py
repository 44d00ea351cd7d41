"""A working tyxq plugin used by the discovery tests."""
