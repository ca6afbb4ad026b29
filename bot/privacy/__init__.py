"""Privacy: what Chorus keeps about a member, their export, and erasure."""
