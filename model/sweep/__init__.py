"""Sweeps: many runs of one base scenario, executed as Snakemake jobs (``python run.py sweep``).

``spec``     the sweep file (schema, expansion into members, every check before anything runs)
``plan``     what Snakemake needs: one spec file, input files and resources per member
``job``      one member as a Snakemake job: reuse a finished run or run it; a status file
``engine``   the front: writes the plan, runs ``workflow/Snakefile``, prints progress
``summary``  ``sweep.csv`` and the ``compare`` files of the finished members

The sweep phase sits above ``runner`` (it orchestrates runs) and below ``cli``.
"""
