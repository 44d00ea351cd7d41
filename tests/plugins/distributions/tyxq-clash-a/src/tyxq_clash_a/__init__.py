"""One of two plugins that register the backend 'clash'."""
