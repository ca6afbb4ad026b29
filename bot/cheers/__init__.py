"""Cheers."""
