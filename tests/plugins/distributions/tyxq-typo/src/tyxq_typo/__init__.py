"""A plugin whose hook name is misspelt."""
