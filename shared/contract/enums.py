"""The constrained values of the data model, shared by schema, wire types and services."""

from __future__ import annotations

from enum import StrEnum


class ProjectStatus(StrEnum):
    """Onboarding state of a registered codebase: registered projects are ready (there is
    no asynchronous onboarding yet)."""

    READY = "ready"


class SessionStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    COMPLETED = "completed"
    FAILED = "failed"
    CANCELLED = "cancelled"
    INTERRUPTED = "interrupted"
    AWAITING_REVIEW = "awaiting_review"
    """Ran to the end and changed files on its branch: approve, discard or keep it."""
    MERGED = "merged"
    """Approved: its branch was merged into its base branch."""
    DISCARDED = "discarded"
    """Its worktree and branch were removed unmerged."""
    KEPT = "kept"
    """Its worktree was removed; its branch stays for the user."""


class AgentKind(StrEnum):
    """What an agent does; the first four are also the pipeline's phases, in order."""

    SPEC = "spec"
    PLAN = "plan"
    BUILD = "build"
    DOCS = "docs"
    DEBUG = "debug"


class PipelinePhase(StrEnum):
    """The agent kinds a session's pipeline may name (`debug` runs only on request)."""

    SPEC = "spec"
    PLAN = "plan"
    BUILD = "build"
    DOCS = "docs"


PIPELINE: tuple[AgentKind, ...] = (AgentKind.SPEC, AgentKind.PLAN, AgentKind.BUILD, AgentKind.DOCS)
"""The default phases of a session, in the order they run."""


class AgentRound(StrEnum):
    """An extra round of a phase's agent, outside the pipeline's order: when it ends the
    session goes back to where it was instead of on to the next phase."""

    RESOLVE = "resolve"
    """A build agent resolving the conflicts of merging the base branch in."""
    FIX = "fix"
    """A build agent repairing what a failing required gate reported."""
    COMMENTS = "comments"
    """A build agent addressing the review comments sent with request changes."""
    FOLLOW_UP = "follow_up"
    """A build agent answering the user's follow-up message."""


class AgentStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    COMPLETED = "completed"
    FAILED = "failed"
    CANCELLED = "cancelled"
    INTERRUPTED = "interrupted"


class ModelMode(StrEnum):
    """Who answers the agents: Claude itself, or the local scripted model server."""

    CLAUDE = "claude"
    SCRIPTED = "scripted"


class EventKind(StrEnum):
    """Kinds of rows in the `events` journal.

    The `*_changed` kinds carry a full snapshot of the changed row (the wire view) in
    their payload; the rest are an agent's log, one entry per SDK message part.
    """

    PROJECT_CHANGED = "project_changed"
    SESSION_CHANGED = "session_changed"
    AGENT_CHANGED = "agent_changed"
    PHASE = "phase"
    SYSTEM = "system"
    USER = "user"
    TEXT = "text"
    THINKING = "thinking"
    TOOL_USE = "tool_use"
    TOOL_RESULT = "tool_result"
    RESULT = "result"
    STDERR = "stderr"
    ERROR = "error"
    WORKSPACE = "workspace"
    """The session's worktree was created, set up, merged, removed…"""
    SETUP_OUTPUT = "setup_output"
    """One line printed by the project's setup command."""
    COMMIT = "commit"
    """The orchestrator committed on the session's branch."""
    GATE = "gate"
    """A QA gate started or finished in the session's worktree (with its result)."""
    GATE_OUTPUT = "gate_output"
    """One line printed by a running gate."""
    COMMENT = "comment"
    """A review comment was added, edited, resolved, reopened, deleted or sent."""
    PERMISSION_CHANGED = "permission_changed"
    """A supervised agent's permission request was made, answered, expired or interrupted
    (the payload is the request's view)."""


class MergeStrategy(StrEnum):
    """How approve puts a session's branch onto its base branch."""

    SQUASH = "squash"
    """One new commit with every change of the session."""
    MERGE = "merge"
    """A merge commit whose second parent is the session's branch."""
    REBASE = "rebase"
    """The session's commits replayed one by one on the base branch."""


class FileStatus(StrEnum):
    """How a file changed between two commits (git's A, M, D, R, C, T)."""

    ADDED = "added"
    MODIFIED = "modified"
    DELETED = "deleted"
    RENAMED = "renamed"
    COPIED = "copied"
    TYPE_CHANGED = "type_changed"


class CommitKind(StrEnum):
    """Who made a commit on a session's branch, and why."""

    AGENT = "agent"
    """What one agent run changed."""
    BASE_MERGE = "base_merge"
    """Resolve merged the base branch in (the merge commit, agent-resolved or clean)."""
    LEFTOVERS = "leftovers"
    """Changes found uncommitted in the worktree (after a crash, or before a keep or
    prune removed it), committed so nothing is lost."""


class GateOutcome(StrEnum):
    """How one gate's run ended."""

    PASSED = "passed"
    FAILED = "failed"
    """It exited with a code other than 0."""
    TIMED_OUT = "timed_out"
    """It ran past its timeout; its whole process group was killed."""
    COULD_NOT_START = "could_not_start"
    """The shell could not run it (126, 127) or could not be started at all."""
    CANCELLED = "cancelled"
    """The session was cancelled (or the orchestrator stopped) while it ran; killed."""


class ChecksState(StrEnum):
    """A session's gates as a whole, after its latest check run."""

    RUNNING = "running"
    PASSED = "passed"
    """Every required gate passed (advisory ones may have failed)."""
    FAILED = "failed"
    """A required gate did not pass."""


class DiffSide(StrEnum):
    """Which side of a diff a review comment's lines are on."""

    OLD = "old"
    NEW = "new"


class Supervision(StrEnum):
    """Whether a session's agents may use every tool of their phase unasked."""

    AUTONOMOUS = "autonomous"
    """Every tool of the phase is pre-approved (nobody is asked)."""
    SUPERVISED = "supervised"
    """Bash, MCP tools and writes outside the workspace wait for the user's answer."""


class PermissionKind(StrEnum):
    """What a permission request asks the user."""

    TOOL = "tool"
    """May the agent run this tool call?"""
    QUESTION = "question"
    """The agent's own questions (its ask-user tool), answered with text."""


class PermissionStatus(StrEnum):
    """Where a permission request stands."""

    PENDING = "pending"
    ALLOWED = "allowed"
    DENIED = "denied"
    EXPIRED = "expired"
    """Nobody answered within PILOTHOUSE_PERMISSION_TIMEOUT_S: denied, the agent told so."""
    INTERRUPTED = "interrupted"
    """The orchestrator stopped while it waited; resuming the agent asks again."""


class PermissionDecision(StrEnum):
    """The user's answer to a permission request."""

    ALLOW_ONCE = "allow_once"
    ALLOW_SESSION = "allow_session"
    """Allow this command (Bash) or this tool (others) for the rest of the session."""
    DENY = "deny"
