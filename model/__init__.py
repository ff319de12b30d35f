"""Harz decarbonisation planner: pathway optimisation with Pyomo and HiGHS."""

__version__ = "0.1.0"
