"""A plugin registering names tyxq's built-ins own"""
