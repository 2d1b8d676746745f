"""Helpers shared by the test suite: the one place test modules import helpers from.

Fixtures stay in conftest.py files; nothing imports a conftest or a test module (an
import-linter contract in pyproject.toml says so). See tests/README.md.
"""
