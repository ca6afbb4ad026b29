"""A newcomer's week in the real ``chorus console`` process, in English, Danish and Dutch
(issue 21): typos are asked about, forms can be left, a risky post is held back, numeric
dates are echoed in words, and a number alone is explained."""

from __future__ import annotations

import pytest

from tests.e2e.test_console import run_chorus

SESSION = """\
/chorus offlimits add Acme Bank
:user ann
/chorus language {lang}
/idea lst
/draft
:cancel
/draft Why we rescued Acme Bank's backups on a Friday night
/draft feedback 1
/posted https://ærø.dk/nyheder/backups 1
9999
:user cora
/chorus language {lang}
/chorus slot add 1/12 14:00
"""

EXPECTED = {
    "en": (
        "Did you mean /idea list? Nothing is saved or posted until you choose.",
        "(form cancelled, nothing saved)",
        "It names Acme Bank, which the programme keeps off-limits.",
        "You asked for feedback on",
        "9999 on its own is not a command.",
        "I read “1/12 14:00” as",
        "day first, as this programme writes dates",
    ),
    "da": (
        "Mente du /idea list? Intet bliver gemt eller delt, før du har valgt.",
        "(formularen er lukket, intet er gemt)",
        "Det nævner Acme Bank, som programmet ikke vil have nævnt.",
        "Du bad om feedback den",
        "Et nummer alene (9999) er ikke en kommando.",
        "Jeg læser »1/12 14:00« som",
        "dagen først, sådan som programmet skriver datoer",
    ),
    "nl": (
        "Bedoelde je /idea list? Er wordt niets bewaard of geplaatst tot je kiest.",
        "(formulier gesloten, er is niets bewaard)",
        "Het noemt Acme Bank, en dat houdt het programma buiten beeld.",
        "Je vroeg op",
        "Een los nummer (9999) is geen opdracht.",
        "Ik lees „1/12 14:00” als",
        "dag eerst, zoals dit programma datums schrijft",
    ),
}


@pytest.mark.parametrize("lang", ["en", "da", "nl"])
def test_a_newcomers_week_reads_right_in_every_language(database_url: str, lang: str) -> None:
    result = run_chorus(["console", "--user", "cora"], database_url, SESSION.format(lang=lang))

    assert result.returncode == 0, result.stderr
    out = " ".join(result.stdout.split())  # the console wraps long lines
    for phrase in EXPECTED[lang]:
        assert " ".join(phrase.split()) in out, phrase
    assert "── #ambassadors" not in result.stdout  # nothing reached the channel
    assert "Traceback" not in result.stdout + result.stderr
