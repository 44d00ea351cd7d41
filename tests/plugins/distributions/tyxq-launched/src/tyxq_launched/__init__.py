"""Backends that must be started by a launcher, one whose launcher fails"""
