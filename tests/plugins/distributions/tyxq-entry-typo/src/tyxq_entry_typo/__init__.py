"""A plugin whose entry point names a module that does not exist"""
