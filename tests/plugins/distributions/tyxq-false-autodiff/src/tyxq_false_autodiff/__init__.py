"""A plugin declaring autodiff that its backend does not have"""
