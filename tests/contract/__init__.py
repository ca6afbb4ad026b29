"""The same repository cases on the in-memory fakes and on the SQL stores."""
