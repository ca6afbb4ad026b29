"""Programme."""
