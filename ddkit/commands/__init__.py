"""Verbs of the ``ddkit`` command line, one module per part of the kit."""
