"""Localization planner: a three-stage roadmap by mixed-integer optimisation (issue 5)."""
