"""The console chat: Chorus in a terminal, on the same core as Slack and Teams."""
