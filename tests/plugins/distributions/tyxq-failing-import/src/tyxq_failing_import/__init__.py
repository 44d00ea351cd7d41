"""A plugin whose backend module raises when imported"""
