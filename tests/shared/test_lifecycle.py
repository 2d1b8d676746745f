"""The lifecycle tables: every status has its moves, and the sets commands use agree."""

from __future__ import annotations

import pytest

from shared.contract.enums import AgentStatus, SessionStatus
from shared.contract.lifecycle import (
    ACTIVE,
    AGENT_MOVES,
    AGENT_SOURCES,
    APPROVABLE,
    CANCELLABLE,
    CLOSED,
    PUT_AWAY_FROM,
    RESUMABLE,
    RETRYABLE,
    SESSION_MOVES,
    SESSION_SOURCES,
    TERMINAL,
    IllegalMove,
    check_agent_move,
    check_session_move,
    names,
)


def test_every_status_is_in_the_tables() -> None:
    assert set(SESSION_MOVES) == set(SessionStatus)
    assert set(AGENT_MOVES) == set(AgentStatus)


def test_every_session_status_can_be_reached_except_the_first() -> None:
    unreachable = {status for status, sources in SESSION_SOURCES.items() if not sources}
    assert unreachable == set()  # queued is reached again by resume, retry and debug
    assert {s for s, sources in AGENT_SOURCES.items() if not sources} == {AgentStatus.QUEUED}


def test_sources_invert_moves() -> None:
    for old, news in SESSION_MOVES.items():
        for new in news:
            assert old in SESSION_SOURCES[new]
    for target, origins in AGENT_SOURCES.items():
        for origin in origins:
            assert target in AGENT_MOVES[origin]


def test_a_session_runs_only_after_it_was_queued() -> None:
    assert SESSION_SOURCES[SessionStatus.RUNNING] == {SessionStatus.QUEUED}
    check_session_move(SessionStatus.QUEUED, SessionStatus.RUNNING)
    with pytest.raises(IllegalMove, match="completed to running"):
        check_session_move(SessionStatus.COMPLETED, SessionStatus.RUNNING)


def test_finished_agents_never_move_again() -> None:
    for status in (AgentStatus.COMPLETED, AgentStatus.FAILED, AgentStatus.INTERRUPTED):
        for new in AgentStatus:
            with pytest.raises(IllegalMove):
                check_agent_move(status, new)


def test_command_sets_follow_the_moves() -> None:
    for status in RESUMABLE | RETRYABLE:
        assert SessionStatus.QUEUED in SESSION_MOVES[status]
    for status in CANCELLABLE - {SessionStatus.RUNNING}:
        assert SessionStatus.CANCELLED in SESSION_MOVES[status]
    assert not ACTIVE & TERMINAL
    assert RESUMABLE < RETRYABLE


def test_names_reads_as_a_list() -> None:
    assert names(RESUMABLE) == "cancelled, failed or interrupted"
    assert names(frozenset({SessionStatus.QUEUED})) == "queued"


def test_review_moves() -> None:
    review = SessionStatus.AWAITING_REVIEW
    check_session_move(SessionStatus.RUNNING, review)
    check_session_move(review, SessionStatus.MERGED)
    check_session_move(review, SessionStatus.QUEUED)  # resolve, retry, debug
    assert {review} == APPROVABLE
    # Only a session under review is merged; discard and keep take any stopped session.
    assert SESSION_SOURCES[SessionStatus.MERGED] == {review}
    assert SESSION_SOURCES[SessionStatus.DISCARDED] == PUT_AWAY_FROM
    assert SESSION_SOURCES[SessionStatus.KEPT] == PUT_AWAY_FROM
    assert not PUT_AWAY_FROM & (ACTIVE | CLOSED)
    with pytest.raises(IllegalMove, match="queued to merged"):
        check_session_move(SessionStatus.QUEUED, SessionStatus.MERGED)


def test_put_away_sessions_never_move_again() -> None:
    for status in CLOSED:
        assert SESSION_MOVES[status] == frozenset()
        for new in SessionStatus:
            with pytest.raises(IllegalMove):
                check_session_move(status, new)
    assert CLOSED < TERMINAL
    assert SessionStatus.AWAITING_REVIEW not in TERMINAL  # it waits for the user
    assert SessionStatus.AWAITING_REVIEW in RETRYABLE
