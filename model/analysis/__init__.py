"""Analyses over many runs: the delay curve, Shapley attribution and sensitivity.

Above the sweep engine in the layout (``tests/unit/test_layout.py``): every analysis runs its
members through :func:`model.analysis.members.run_members` and reads finished runs.
"""
