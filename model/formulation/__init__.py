"""Formulation phase: the Pyomo model (``build``) and one block per concern (``blocks``).
Imports only ``model.inputs`` and the shared modules."""
