"""One module per concern; each exposes ``add_<concern>(m, data)`` and adds its shared terms
to the accumulators of :mod:`model.formulation.accumulators`."""
