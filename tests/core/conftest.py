"""Hypothesis profiles for the core tests: ``HYPOTHESIS_PROFILE=ci`` (set by tox.ini) makes runs reproducible."""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
