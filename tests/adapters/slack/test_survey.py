"""A pulse survey through the real bolt app: the DM's **Answer** button opens a modal, a 0-10
answer of 11 is refused inline, and a good submission is stored without the member."""

from __future__ import annotations

from tests.adapters.slack.conftest import ANN, COORDINATOR, Chorus


async def test_the_answer_button_opens_a_modal_whose_errors_show_inline(chorus: Chorus) -> None:
    await chorus.slack.command(ANN, "help", command="/chorus")
    started = await chorus.slack.command(COORDINATOR, "survey start pulse", command="/chorus")
    assert "went to 2 members" in await chorus.answer(started)
    await chorus.settle()
    [invitation] = [
        c for c in chorus.api.find("chat.postMessage") if "Quarterly pulse" in str(c.args)
    ][:1]
    [button] = [
        e
        for b in invitation.args["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["value"] == "/chorus survey answer 1"
    ]

    assert (
        await chorus.slack.press(ANN, button["value"], action_id=button["action_id"])
    ).status == 200
    await chorus.settle()
    [opened] = chorus.api.find("views.open")
    view = opened.args["view"]
    assert view["type"] == "modal"

    eleven = await chorus.slack.submit(ANN, view, {"comfortable": "4", "rating": "11"})
    body = eleven.json()
    assert body["response_action"] == "errors" and list(body["errors"]) == ["rating"]
    assert await chorus.rows("survey_answers") == 0

    fine = await chorus.slack.submit(ANN, view, {"comfortable": "4", "rating": "9"})
    assert fine.status == 200
    await chorus.settle()
    assert await chorus.rows("survey_answers") == 2
