"""One of two plugins registering the gradient method 'richardson'."""
