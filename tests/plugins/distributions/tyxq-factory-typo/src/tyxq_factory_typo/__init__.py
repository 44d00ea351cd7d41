"""A plugin whose record's factory path has a typo"""
