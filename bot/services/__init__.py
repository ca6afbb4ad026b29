"""One module per capability; each function takes a Context and a Command and returns a Reply."""
