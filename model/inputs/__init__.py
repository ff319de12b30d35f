"""Inputs phase: scenario schema and composition, input tables and checks, the resolved
data set, weather profiles and representative time. Imports nothing above this phase."""
