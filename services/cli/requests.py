"""A supervised session's permission requests in the terminal: `pilothouse answer`, and
the lines `follow` prints (with the terminal bell) when an agent needs the user.

`answer SESSION [ID] --allow | --allow-session | --deny [MESSAGE] | --answer TEXT`
answers request ID, or the session's only pending one; without a decision (or when
several wait and no ID is given) it lists the pending requests with the command to
answer each.
"""

from __future__ import annotations

import argparse
import shlex
from collections.abc import Callable
from typing import TextIO

from services.cli.api import Api
from services.cli.outcome import EXIT_COMPLETED, ClientError
from shared.contract.enums import PermissionDecision, PermissionKind, PermissionStatus
from shared.contract.permissions import AnswerRequest, PermissionRequestView

Handler = Callable[[argparse.Namespace, Api, TextIO], int]
Command = Callable[[str, Handler, str], argparse.ArgumentParser]

BELL = "\a"


def asked(request: PermissionRequestView) -> str:
    """What the agent asks, in one line: the tool and its command or input, or the questions."""
    if request.kind is PermissionKind.QUESTION:
        texts = []
        for question in request.questions:
            labels = [str(o.get("label")) for o in question.get("options") or [] if o.get("label")]
            options = f" ({' / '.join(labels)})" if labels else ""
            texts.append(f"{question.get('question', '')}{options}")
        return "the agent asks: " + " | ".join(texts)
    command = request.tool_input.get("command")
    if isinstance(command, str):
        return f"{request.tool_name} wants to run: {command}"
    path = request.tool_input.get("file_path")
    target = path if isinstance(path, str) else ", ".join(sorted(request.tool_input))
    return f"{request.tool_name} wants to use: {target}"


def answer_commands(session: str, request: PermissionRequestView) -> str:
    """The exact `pilothouse answer …` commands that answer `request`."""
    base = f"pilothouse answer {shlex.quote(session)} {request.id}"
    if request.kind is PermissionKind.QUESTION:
        return f"{base} --answer TEXT   (or --deny)"
    return f"{base} --allow | --allow-session | --deny [MESSAGE]"


def request_lines(session: str, request: PermissionRequestView) -> list[str]:
    """A pending request as `follow` and `answer` show it."""
    lines = [f"? needs you (request #{request.id}): {asked(request)}"]
    if request.reason:
        lines.append(f"  reason: {request.reason}")
    lines.append(f"  answer: {answer_commands(session, request)}")
    return lines


def outcome_line(request: PermissionRequestView) -> str:
    """A request's end, in one line."""
    said = f": {request.message}" if request.message else ""
    if request.status is PermissionStatus.ALLOWED:
        how = "for the session" if request.decision is PermissionDecision.ALLOW_SESSION else "once"
        return f"request #{request.id} allowed {how}"
    return f"request #{request.id} {request.status.value}{said}"


def _decision(args: argparse.Namespace) -> AnswerRequest | None:
    if args.allow:
        return AnswerRequest(decision=PermissionDecision.ALLOW_ONCE)
    if args.allow_session:
        return AnswerRequest(decision=PermissionDecision.ALLOW_SESSION)
    if args.deny is not None:
        return AnswerRequest(decision=PermissionDecision.DENY, message=args.deny or None)
    return None


def _answers(request: PermissionRequestView, texts: list[str]) -> dict[str, str]:
    questions = [str(q.get("question", "")) for q in request.questions]
    if len(texts) != len(questions):
        raise ClientError(
            f"request #{request.id} asks {len(questions)} question(s): give one --answer each"
        )
    return dict(zip(questions, texts, strict=True))


def _pending(args: argparse.Namespace, api: Api) -> list[PermissionRequestView]:
    found = api.requests(args.session, pending=True)
    return [r for r in found if args.request is None or r.id == args.request]


def answer(args: argparse.Namespace, api: Api, out: TextIO) -> int:
    """`pilothouse answer SESSION [ID] (--allow | --allow-session | --deny [MSG] | --answer T)`."""
    decision = _decision(args)
    if decision is None and not args.answer:
        pending = _pending(args, api)
        if not pending:
            out.write(f"no request of session {args.session} waits for an answer\n")
        for request in pending:
            out.write("\n".join(request_lines(args.session, request)) + "\n")
        return EXIT_COMPLETED
    request_id = args.request
    if request_id is None or args.answer:
        pending = _pending(args, api)
        if not pending:
            which = "no request" if args.request is None else f"request {args.request}"
            raise ClientError(f"{which} of session {args.session} waits for an answer")
        if len(pending) > 1:
            for request in pending:
                out.write("\n".join(request_lines(args.session, request)) + "\n")
            raise ClientError(f"{len(pending)} requests wait: say which one (its id)")
        request_id = pending[0].id
        if args.answer:
            decision = AnswerRequest(
                decision=PermissionDecision.ALLOW_ONCE, answers=_answers(pending[0], args.answer)
            )
    assert decision is not None
    done = api.answer(args.session, request_id, decision)
    out.write(outcome_line(done) + "\n")
    return EXIT_COMPLETED


def register(command: Command) -> None:
    sub = command("answer", answer, "answer a supervised agent's request (or list them)")
    sub.add_argument("session", help="session slug or id")
    sub.add_argument(
        "request", type=int, nargs="?", help="request id (default: the only pending one)"
    )
    how = sub.add_mutually_exclusive_group()
    how.add_argument("--allow", action="store_true", help="allow it this once")
    how.add_argument(
        "--allow-session", action="store_true",
        help="allow this command (Bash) or tool for the rest of the session",
    )  # fmt: skip
    how.add_argument(
        "--deny", nargs="?", const="", metavar="MESSAGE", help="deny it; the agent gets MESSAGE"
    )
    how.add_argument(
        "--answer", action="append", metavar="TEXT",
        help="answer the agent's question (once per question, in order)",
    )  # fmt: skip
