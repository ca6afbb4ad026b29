"""A queued message comes out of the outbox exactly as it went in: any block, span, enum
and nesting the message types allow (Hypothesis builds them from the type hints)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot import codec
from bot import messages as m

# Attachments (files) are handed to the platform at once, never queued as JSON.
queued_messages = st.builds(m.Message, attachment=st.none())


@settings(max_examples=150, deadline=None)
@given(queued_messages)
def test_a_message_survives_the_outbox(message: m.Message) -> None:
    again = codec.loads(codec.dumps(message))
    assert repr(again) == repr(message)  # repr: a chart's NaN equals itself there
    assert type(again) is m.Message


def test_the_encoding_names_each_block_and_enum() -> None:
    message = m.Message(
        blocks=(m.Section(m.Text((m.Span("hi", m.SpanKind.USER, bold=True),))), m.Divider()),
        audience=m.Audience.CHANNEL,
    )
    payload = codec.dumps(message)
    assert '"@":"Section"' in payload
    assert '"@enum":"SpanKind"' in payload
    assert '"@enum":"Audience","value":"channel"' in payload
