"""What a session does next, decided from its agents alone."""

from __future__ import annotations

from datetime import UTC, datetime

from services.orchestrator.running.phases import Begin, Close, Run, next_step
from shared.contract.enums import PIPELINE, AgentKind, AgentRound, AgentStatus, SessionStatus
from shared.contract.wire import AgentView

NOW = datetime.now(UTC)
ALL = list(PIPELINE)


def agent(
    number: int,
    kind: AgentKind,
    status: AgentStatus,
    error: str | None = None,
    round: AgentRound | None = None,
) -> AgentView:
    return AgentView(
        id=number,
        session_id=1,
        kind=kind,
        status=status,
        claude_session_id=None,
        resumed_from=None,
        round=round,
        model=None,
        prompt="",
        cost_usd=0,
        input_tokens=0,
        output_tokens=0,
        cache_read_tokens=0,
        cache_creation_tokens=0,
        turns=0,
        duration_ms=0,
        error=error,
        created_at=NOW,
        updated_at=NOW,
        started_at=None,
        finished_at=None,
    )


DONE = AgentStatus.COMPLETED


def test_a_new_session_begins_with_its_first_phase() -> None:
    assert next_step(ALL, [], None) == Begin(AgentKind.SPEC)
    assert next_step([AgentKind.BUILD, AgentKind.DOCS], [], None) == Begin(AgentKind.BUILD)


def test_each_completed_phase_leads_to_the_next_then_completion() -> None:
    agents = [agent(1, AgentKind.SPEC, DONE)]
    assert next_step(ALL, agents, agents[0]) == Begin(AgentKind.PLAN)
    agents = [agent(n, kind, DONE) for n, kind in enumerate(PIPELINE, 1)]
    assert next_step(ALL, agents, agents[-1]) == Close(SessionStatus.COMPLETED)


def test_queued_agents_run_first() -> None:
    agents = [agent(1, AgentKind.SPEC, DONE), agent(2, AgentKind.DEBUG, AgentStatus.QUEUED)]
    assert next_step(ALL, agents, agents[0]) == Run(agents[1])


def test_a_failed_phase_stops_the_session_with_its_error() -> None:
    failed = agent(1, AgentKind.SPEC, AgentStatus.FAILED, "model said no")
    assert next_step(ALL, [failed], failed) == Close(SessionStatus.FAILED, "model said no")


def test_cancel_and_shutdown_stop_even_with_work_queued() -> None:
    queued = agent(3, AgentKind.DEBUG, AgentStatus.QUEUED)
    cancelled = agent(2, AgentKind.PLAN, AgentStatus.CANCELLED)
    assert next_step(ALL, [cancelled, queued], cancelled) == Close(SessionStatus.CANCELLED)
    stopped = agent(2, AgentKind.PLAN, AgentStatus.INTERRUPTED, "shut down")
    assert next_step(ALL, [stopped, queued], stopped) == Close(
        SessionStatus.INTERRUPTED, "shut down"
    )


def test_a_debug_agent_does_not_move_the_pipeline() -> None:
    agents = [agent(1, AgentKind.SPEC, AgentStatus.FAILED, "x"), agent(2, AgentKind.DEBUG, DONE)]
    assert next_step(ALL, agents, agents[1]) == Close(SessionStatus.FAILED, "x")
    agents = [
        *(agent(n, k, DONE) for n, k in enumerate(PIPELINE, 1)),
        agent(9, AgentKind.DEBUG, DONE),
    ]
    assert next_step(ALL, agents, agents[-1]) == Close(SessionStatus.COMPLETED)


def test_a_retried_phase_is_followed_by_the_phases_after_it() -> None:
    agents = [
        *(agent(n, k, DONE) for n, k in enumerate(PIPELINE, 1)),
        agent(5, AgentKind.PLAN, DONE),
    ]
    assert next_step(ALL, agents, agents[-1]) == Begin(AgentKind.BUILD)


def test_a_resolve_round_goes_back_to_where_the_phases_left_the_session() -> None:
    done = [agent(n, k, DONE) for n, k in enumerate(PIPELINE, 1)]
    resolved = agent(9, AgentKind.BUILD, DONE, round=AgentRound.RESOLVE)
    # Not "the build phase is done, on to docs": the round is outside the pipeline's order.
    assert next_step(ALL, [*done, resolved], resolved) == Close(SessionStatus.COMPLETED)
    failed = agent(9, AgentKind.BUILD, AgentStatus.FAILED, "markers left", AgentRound.RESOLVE)
    assert next_step(ALL, [*done, failed], failed) == Close(SessionStatus.FAILED, "markers left")
