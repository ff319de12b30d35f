"""Solve phase: the HiGHS route (``highs``), the numerics report, infeasibility diagnosis
(``diagnose``) and its plain-language explanation and IIS (``explain``)."""
