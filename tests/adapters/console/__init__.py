"""Console adapter tests."""
