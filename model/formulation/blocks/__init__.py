"""One module per concern; each exposes ``add_<concern>(m, data)`` (design §2)."""
