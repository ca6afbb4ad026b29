"""The whole path in the real ``chorus console`` process: idea → draft → feedback →
posted → liked → cheered."""

from __future__ import annotations

from tests.e2e.test_console import run_chorus

SESSION = """\
/chorus offlimits add Acme Bank
:user bente
/idea Why we test our backups every Friday #engineering
:user ann
/idea claim 1
/idea draft 1
/draft edit 1 Why do we test our backups every Friday? Last month it saved Acme Bank a weekend. #engineering #backup #ops
/draft feedback 1
:user cora
/draft review 1 v2
Lovely hook. Leave out the customer's name.

:user ann
/posted https://www.linkedin.com/posts/ann_backups-activity-1 1
posted confirm https://www.linkedin.com/posts/ann_backups-activity-1 1
:user bente
posted like 1
posted like 1
/posted https://linkedin.com/posts/ann_backups-activity-1/
:user ann
posted like 1
:user bente
/cheer @ann for a post that made me check our own backups
/cheer @dora thanks
"""


def test_idea_to_draft_to_feedback_to_post_to_like_to_cheer(database_url: str) -> None:
    result = run_chorus(["console", "--user", "cora"], database_url, SESSION)

    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Draft #1 is started from idea #1." in out
    assert "#engineering · 0 votes · Being drafted" in out
    assert "It mentions Acme Bank, which the programme keeps off-limits" in out
    assert "── private note to @cora " in out and "Give feedback" in out
    assert "@cora gave feedback on your draft #1 (version 2):" in out
    assert "It names Acme Bank, which the programme keeps off-limits." in out
    assert "📣 @ann published a new post on LinkedIn" in out
    assert "#engineering · 0 votes · Published" in out
    assert "1 like · 0 comments · 0 shares" in out
    assert "You are counted already — each of us counts once." in out
    assert "This post was announced already, as post #1." in out
    assert "That's your own post" in out
    assert "🎉 @bente cheers @ann:" in out and "── private note to @ann " in out
    # In the console a name is somebody: Dora becomes a member, and hears what Chorus is.
    assert "── private note to @dora " in out and "Chorus is where our ambassador" in out
    assert "Traceback" not in out + result.stderr
