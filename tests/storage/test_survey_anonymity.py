"""Survey answers cannot be joined back to members: the answers table has no member, no
time and no key shared with participation beyond the survey itself."""

from __future__ import annotations

from sqlalchemy import DateTime

from storage.models import Base


def test_answers_hold_no_member_and_no_time() -> None:
    answers = Base.metadata.tables["survey_answers"]
    referenced = {fk.column.table.name for c in answers.columns for fk in c.foreign_keys}
    assert referenced == {"surveys"}
    assert not [c.name for c in answers.columns if isinstance(c.type, DateTime)]


def test_participation_holds_no_time_to_line_up_with_the_answers() -> None:
    participants = Base.metadata.tables["survey_participants"]
    assert {c.name for c in participants.columns} == {
        "survey_id",
        "member_id",
        "answered",
        "reminded",
    }
    referenced = {fk.column.table.name for c in participants.columns for fk in c.foreign_keys}
    assert referenced == {"surveys", "members"}
    answers = Base.metadata.tables["survey_answers"]
    assert not {c.name for c in answers.columns} & {"member_id", "answered", "reminded"}
