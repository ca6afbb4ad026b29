"""Everything that talks to the outside: chat platforms, HTTP, the terminal, the CLI."""
