"""The synthetic authority: a calibrated simulation of children's journeys (no Django)."""

from opencsc.synth.simulate import simulate

__all__ = ["simulate"]
