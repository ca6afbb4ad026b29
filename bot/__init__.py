"""Chorus core: domain model, commands, services and the neutral reply model.

Nothing in this package talks to a database, a network or a chat platform.
"""
