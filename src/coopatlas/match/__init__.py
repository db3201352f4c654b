"""Matching: who can serve whom, names across languages, HS codes from free text.

The public surface is small and importing this package is cheap (the CLI imports it at
start-up): :mod:`coopatlas.match.serve` holds the one definition of a serving arc that the
planner, ``plan check-parallel`` and ``match`` share.
"""
