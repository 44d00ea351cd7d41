"""A plugin whose backend class lacks the protocol method kron"""
