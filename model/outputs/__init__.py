"""Outputs phase: results extraction, run files and complete-only run folders, the brief
and the comparison of runs."""
