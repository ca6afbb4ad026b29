"""Guidelines."""
