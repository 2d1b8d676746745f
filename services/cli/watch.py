"""The commands that follow a session: `run`, `follow`, `resume`, `debug` and `resolve`
(and conversation.py's `request-changes` and `follow-up`).

Each one (after its command, if any) prints the session's log live until the session
stops, and exits with its outcome (outcome.exit_code). A session that stops awaiting
review ends with what it changed and the command that approves it. `--detach` only
sends the command; Ctrl-C stops following, never the session.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TextIO

from services.cli.api import Api
from services.cli.diff import review_summary
from services.cli.follow import Reconnect, SessionFollower, Sink, retained_after
from services.cli.json_stream import JsonFrames
from services.cli.outcome import EXIT_COMPLETED, EXIT_STOPPED_BY_USER, ClientError, exit_code
from services.cli.render import LiveView
from services.cli.style import Style, wants_color
from shared.contract.cursor import ORIGIN
from shared.contract.enums import PipelinePhase, SessionStatus, Supervision
from shared.contract.wire import Accepted, StartDebug, StartSession


def notice(message: str) -> None:
    """A remark about the connection, on stderr so that stdout holds only the log."""
    print(f"pilothouse: {message}", file=sys.stderr, flush=True)


def follow_session(
    args: argparse.Namespace, api: Api, out: TextIO, ref: str, after: str = ORIGIN.token
) -> int:
    """Show session `ref` from the token `after` until it stops; its outcome's exit code."""
    detail = api.session(ref)
    view: LiveView | None = None
    sink: Sink
    if args.json:
        sink = JsonFrames(out)
    else:
        sink = view = LiveView(out, Style(wants_color(out, disabled=args.no_color)))
        view.header(detail)
    follower = SessionFollower(
        api, sink, reconnect=Reconnect(give_up_after=args.give_up_after), notice=notice
    )
    start, remark = retained_after(detail, after)
    if remark is not None:
        notice(remark)
    try:
        known = detail.session if remark is not None else None
        session = follower.follow(detail.session.id, start, known)
    except KeyboardInterrupt:
        raise ClientError(
            f"stopped following; the session goes on: pilothouse follow {detail.session.slug}",
            EXIT_STOPPED_BY_USER,
        ) from None
    if view is not None:
        view.footer(session)
        if session.status is SessionStatus.AWAITING_REVIEW:
            style = Style(wants_color(out, disabled=args.no_color))
            review_summary(api, api.session(str(session.id)), out, style)
    return exit_code(session.status)


def _accepted(args: argparse.Namespace, api: Api, out: TextIO, accepted: Accepted) -> int:
    if args.detach:
        out.write(f"{accepted.slug} (#{accepted.id}) is {accepted.status}\n")
        return EXIT_COMPLETED
    return follow_session(args, api, out, str(accepted.id), accepted.token)


def prompt_text(text: str) -> str:
    """The prompt argument; `-` reads it from standard input."""
    return sys.stdin.read() if text == "-" else text


def accepted_then_follow(
    args: argparse.Namespace, api: Api, out: TextIO, send: Callable[[], Accepted]
) -> int:
    """Send a command that queues the session again, then follow it (unless --detach)."""
    if not args.detach:
        api.health()
    return _accepted(args, api, out, send())


def run(args: argparse.Namespace, api: Api, out: TextIO) -> int:
    """`pilothouse run PROJECT PROMPT`: start a session and follow it."""
    if not args.detach:
        # Refuse before starting a session that could not be shown.
        api.health()
    phases = [PipelinePhase(phase) for phase in args.phases] if args.phases else None
    command = StartSession(
        project=args.project,
        prompt=prompt_text(args.prompt),
        title=args.title,
        phases=phases,
        base=args.base,
        supervision=Supervision.SUPERVISED if args.supervised else None,
    )
    return _accepted(args, api, out, api.start(command))


def follow(args: argparse.Namespace, api: Api, out: TextIO) -> int:
    """`pilothouse follow SESSION`: the whole log so far, then live until it stops."""
    return follow_session(args, api, out, args.session)


def resume(args: argparse.Namespace, api: Api, out: TextIO) -> int:
    """`pilothouse resume SESSION`: continue a stopped session and follow it."""
    return accepted_then_follow(args, api, out, lambda: api.resume(args.session))


def debug(args: argparse.Namespace, api: Api, out: TextIO) -> int:
    """`pilothouse debug SESSION PROMPT`: run a debug agent on the session and follow it."""
    command = StartDebug(prompt=prompt_text(args.prompt))
    return accepted_then_follow(args, api, out, lambda: api.debug(args.session, command))


def resolve(args: argparse.Namespace, api: Api, out: TextIO) -> int:
    """`pilothouse resolve SESSION`: merge the base branch into the session's branch; follow
    the build agent round that resolves conflicts, if one was needed."""
    accepted = api.resolve(args.session)
    if accepted.status == SessionStatus.AWAITING_REVIEW.value:
        out.write(f"{accepted.slug}: the base branch merged in without conflict; still in review\n")
        out.write(f"  approve:  pilothouse approve {accepted.slug}\n")
        return EXIT_COMPLETED
    if not args.detach:
        api.health()
    return _accepted(args, api, out, accepted)
