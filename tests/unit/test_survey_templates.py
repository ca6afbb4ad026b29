"""Survey templates from the programme file: loaded and checked at start, offered by
``/chorus survey start``, shown in each member's language; the built-in ones without them."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from adapters.settings import SettingsError, load_settings
from bot.config import Programme
from bot.core import Core
from bot.messages import Form
from bot.surveys.templates import BUILT_IN, snapshot, survey_template, template_named, templates
from tests.helpers import Chat, answer, notes
from tests.unit.fakes import FakeClock, FakeUnitOfWorkFactory

TEAM_SURVEY = """
[surveys.team]
title = { en = "Team check", da = "Holdtjek", nl = "Teamcheck" }

[[surveys.team.questions]]
key = "proud"
scale = "agree"
text = { en = "I am proud of what we post", da = "Jeg er stolt af det, vi deler", nl = "Ik ben trots op wat we delen" }

[[surveys.team.questions]]
key = "recommend"
scale = "ten"
nps = true
text = { en = "Would you recommend it?", da = "Vil du anbefale det?", nl = "Zou je het aanraden?" }

[[surveys.team.questions]]
key = "wish"
scale = "text"
text = { en = "One wish", da = "Et ønske", nl = "Eén wens" }
"""


def write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "programme.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_without_templates_in_the_file_the_built_in_pulse_and_yearly_are_offered() -> None:
    programme = load_settings({}).programme
    assert programme.surveys == ()
    assert list(templates(programme)) == ["pulse", "yearly"]


def test_the_files_templates_come_first_and_the_built_in_ones_stay(tmp_path: Path) -> None:
    programme = load_settings({"CHORUS_CONFIG": write(tmp_path, TEAM_SURVEY)}).programme
    offered = templates(programme)
    # Adding a template of one's own loses nothing: pulse and yearly are still offered.
    assert list(offered) == ["team", "pulse", "yearly"]
    team = offered["team"]
    assert [(q.key, q.scale.value, q.nps) for q in team.questions] == [
        ("proud", "agree", False),
        ("recommend", "ten", True),
        ("wish", "text", False),
    ]
    # A survey of a template the file no longer has keeps its questions.
    assert template_named(programme, "yearly") is BUILT_IN["yearly"]
    assert template_named(programme, "gone") == team


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (('scale = "agree"', 'scale = "stars"'), "surveys.team.questions.0.scale"),
        (('da = "Holdtjek", ', ""), "surveys.team.title.da: missing (every text is needed in"),
        (('key = "wish"', 'key = "proud"'), "question key 'proud' is used twice"),
        (('key = "proud"\nscale = "agree"', 'key = "proud"\nscale = "agree"\nnps = true'), "nps"),
        (("surveys.team", "surveys.Team"), "survey name 'Team'"),
        (('key = "wish"', 'key = "a wish"'), "surveys.team.questions.2.key"),
        (('scale = "text"', 'scale = "text"\ncolour = "red"'), "colour: unknown setting"),
    ],
)
def test_a_broken_template_stops_the_start_naming_what_is_wrong(
    tmp_path: Path, change: tuple[str, str], named: str
) -> None:
    old, new = change
    assert old in TEAM_SURVEY
    with pytest.raises(SettingsError) as error:
        load_settings({"CHORUS_CONFIG": write(tmp_path, TEAM_SURVEY.replace(old, new))})
    assert named in str(error.value)


def test_a_template_without_questions_is_refused(tmp_path: Path) -> None:
    text = '[surveys.empty]\ntitle = { en = "E", da = "E", nl = "E" }\nquestions = []\n'
    with pytest.raises(SettingsError) as error:
        load_settings({"CHORUS_CONFIG": write(tmp_path, text)})
    assert "surveys.empty.questions" in str(error.value)


async def test_a_coordinator_starts_the_files_template_and_members_get_it_in_their_language(
    tmp_path: Path, uow_factory: FakeUnitOfWorkFactory, programme: Programme, clock: FakeClock
) -> None:
    surveys = load_settings({"CHORUS_CONFIG": write(tmp_path, TEAM_SURVEY)}).programme.surveys
    chat = Chat(Core(uow_factory, replace(programme, surveys=surveys), clock))
    for user in ("cora", "ann"):
        await chat.say(user, "/chorus help")
    await chat.say("ann", "/chorus language da")
    refused = answer(await chat.say("cora", "/chorus survey start weekly"))
    assert "no survey called weekly" in refused and "team" in refused and "pulse" in refused
    listed = answer(await chat.say("cora", "/chorus survey templates"))
    assert "team" in listed and "Team check" in listed and "I am proud of what we post" in listed
    started = await chat.say("cora", "/chorus survey start")  # the first is the default
    assert "Team check" in answer(started)
    [to_ann] = [n for n in notes(started) if n.recipient_id == "ann"]
    assert "Holdtjek" in to_ann.text
    opened = (await chat.say("ann", "/chorus survey answer 1")).reply.answer
    assert opened is not None
    [form] = [b for b in opened.blocks if isinstance(b, Form)]
    assert [(i.name, i.label) for i in form.inputs] == [
        ("proud", "Jeg er stolt af det, vi deler"),
        ("recommend", "Vil du anbefale det?"),
        ("wish", "Et ønske"),
    ]
    too_high = answer(await chat.form("ann", "chorus survey answer 1", {"recommend": "11"}))
    assert "0" in too_high and "10" in too_high
    await chat.form("ann", "chorus survey answer 1", {"proud": "5", "recommend": "10"})
    await chat.form("cora", "chorus survey answer 1", {"proud": "4", "recommend": "3"})
    shown = answer(await chat.say("cora", "/chorus survey close"))
    assert "Team check #1" in shown and "I am proud of what we post" in shown


async def test_a_running_survey_keeps_its_questions_when_the_file_drops_its_template(
    tmp_path: Path, uow_factory: FakeUnitOfWorkFactory, programme: Programme, clock: FakeClock
) -> None:
    surveys = load_settings({"CHORUS_CONFIG": write(tmp_path, TEAM_SURVEY)}).programme.surveys
    before = Chat(Core(uow_factory, replace(programme, surveys=surveys), clock))
    for user in ("cora", "ann", "ben"):
        await before.say(user, "/chorus help")
    await before.say("cora", "/chorus survey start team")

    # The coordinators edit the programme file and restart Chorus: "team" is gone.
    after = Chat(Core(uow_factory, replace(programme, surveys=()), clock))
    opened = (await after.say("ann", "/chorus survey answer 1")).reply.answer
    assert opened is not None
    [form] = [b for b in opened.blocks if isinstance(b, Form)]
    assert [i.name for i in form.inputs] == ["proud", "recommend", "wish"]
    for user, proud in (("ann", "5"), ("ben", "4"), ("cora", "4")):
        await after.form(user, "chorus survey answer 1", {"proud": proud, "recommend": "9"})
    shown = answer(await after.say("cora", "/chorus survey close"))
    assert "Team check #1" in shown and "I am proud of what we post" in shown
    assert "comfortable" not in shown.lower()


def test_a_kept_template_reads_back_as_it_was_and_built_in_texts_stay_translatable() -> None:
    pulse = BUILT_IN["pulse"]
    assert survey_template(Programme(), "pulse", snapshot(pulse)) == pulse
    # Unreadable kept questions (never written by Chorus) fall back to the name.
    assert survey_template(Programme(), "yearly", "{not json") == BUILT_IN["yearly"]


def test_the_example_in_the_shipped_programme_file_loads(tmp_path: Path) -> None:
    shipped = (Path(__file__).parents[2] / "config" / "programme.toml").read_text("utf-8")
    example = shipped[shipped.index("# [surveys.team]") :]
    text = "\n".join(line.removeprefix("#").removeprefix(" ") for line in example.splitlines())
    programme = load_settings({"CHORUS_CONFIG": write(tmp_path, text)}).programme
    [team] = programme.surveys
    assert [q.key for q in team.questions] == ["comfortable", "recommend", "wish"]
    assert all(set(q.text) == {"en", "da", "nl"} for q in team.questions)
