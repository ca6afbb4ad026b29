"""The content library in the real ``chorus console`` process: suggest → list → pick →
draft with an angle → posted → the call shows the item's origin → the mix in the numbers."""

from __future__ import annotations

from tests.e2e.test_console import run_chorus

SESSION = """\
/chorus channel
:user ann
/share https://www.example.com/green-data-centres #sustainabilty Our numbers are in it
/share https://example.com/green-data-centres/?utm_source=newsletter
/share javascript:alert(1)
:user cora
/share external 1
/share pin 1
:user bente
/share list
3
5
/posted https://www.linkedin.com/posts/bente-green-1 1
:user cora
/share stats
"""


def test_suggest_list_pick_draft_post_and_the_mix(database_url: str) -> None:
    result = run_chorus(["console", "--user", "cora"], database_url, SESSION)

    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Item #1 is in the library. Thank you!" in out
    assert "Did you mean #sustainability?" in out
    assert "That link is in the library already, as item #1" in out
    assert "doesn't look like a web link" in out
    assert "📌 Item #1 https://www.example.com/green-data-centres" in out
    assert "external · 0 picks" in out
    assert "Great, you'll share item #1." in out and "2. What does this mean" in out
    assert "Draft #1 is started from item #1." in out
    assert "3 to 5 that people in your field follow work best" in out  # the usual hints
    assert "It is linked to library item #1, the one you picked to share." in out
    assert "🔗 Shared from the content library (item #1)" in out
    assert "External content: 1" in out
    assert "0% company content, against a target of 33%." in out
    assert "Traceback" not in out + result.stderr
