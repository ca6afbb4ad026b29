"""The in-process spacing of sends (``adapters.delivery.SendPacer``), with explicit
moments: a send that overslept its slot books again without waiting behind itself."""

from __future__ import annotations

import pytest

from adapters.delivery import SendPacer
from storage.outbox import Gate

DM = Gate("ws:U1", 1.1, kind="dm")
WORKSPACE = Gate("ws", 0.01, burst=5, kind="workspace")


def test_sends_are_spaced_by_each_gate_and_a_burst_catches_up() -> None:
    pacer = SendPacer()
    slots = [pacer.book([Gate(f"ws:U{n + 10}", 1.1), WORKSPACE], 0.0)[0] for n in range(7)]
    # Five back to back (the workspace's burst), then a gap apart.
    assert slots == pytest.approx([0.0] * 5 + [0.01, 0.02])
    assert pacer.book([DM, WORKSPACE], 0.0)[0] == pytest.approx(0.03)
    assert pacer.book([DM, WORKSPACE], 0.0)[0] == pytest.approx(0.03 + 1.1)  # the DM's gap


def test_a_send_that_overslept_books_again_without_waiting_behind_itself() -> None:
    pacer = SendPacer()
    slot, booked = pacer.book([DM, WORKSPACE], 10.0)
    assert slot == 10.0
    for n in range(3):  # others booked the workspace after it
        pacer.book([Gate(f"ws:U{n + 2}", 1.1), WORKSPACE], 10.0)

    # The loop stalled: it wakes at 10.3, past what the burst covers.
    assert 10.3 - slot > SendPacer.tolerance([DM, WORKSPACE])
    again, _ = pacer.overslept([DM, WORKSPACE], booked, 10.3)

    # It goes now, not a DM gap after the slot it never used, and the workspace's gate
    # moves on from now, not from that moment.
    assert again == pytest.approx(10.3)
    assert pacer.next_free["ws"] == pytest.approx(10.31)
    assert pacer.next_free["ws:U1"] == pytest.approx(10.3 + 1.1)
