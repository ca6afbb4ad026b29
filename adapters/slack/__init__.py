"""Slack: slack-bolt listeners that turn payloads into core calls and render replies as
Block Kit. HTTP mode at ``POST /slack/events`` (``chorus serve``) or Socket Mode
(``chorus socket``)."""
