"""Planning under uncertain approvals: a stochastic program over permitting outcomes.

One concern per module: :mod:`~model.stochastic.distributions` (the distributions file and
its checks), :mod:`~model.stochastic.sampling` (scenarios from the distributions),
:mod:`~model.stochastic.tree` (which scenarios are indistinguishable when a start is
decided), :mod:`~model.stochastic.extensive` (the extensive form solved with HiGHS),
:mod:`~model.stochastic.hedging` (progressive hedging with mpi-sppy),
:mod:`~model.stochastic.values` (EVPI and VSS), :mod:`~model.stochastic.report` (the run
folder) and :mod:`~model.stochastic.route` (the entry point ``run_stochastic``).
"""
