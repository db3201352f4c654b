"""coopatlas: the industrial cooperation atlas and planner for the Belarus–Russia Union State."""

__version__ = "0.1.0"
