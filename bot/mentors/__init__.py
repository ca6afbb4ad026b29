"""Mentors."""
