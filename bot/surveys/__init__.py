"""Pulse surveys: anonymous by default, results only above a threshold."""
