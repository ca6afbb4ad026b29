"""The content library: things worth sharing, each shared with the member's own angle."""
