"""Rhythm."""
