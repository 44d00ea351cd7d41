"""A mode and a gradient method whose answers have the wrong shape."""
