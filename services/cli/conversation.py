"""Review comments and the rounds they start: `comment`, `comments`, `request-changes`,
`follow-up`.

`comment SESSION FILE:LINE[-LINE] BODY` comments on lines of the new side of a file's
diff (`--old`: of the old side); `comments SESSION` lists the threads (and resolves,
reopens or deletes one); `request-changes` and `follow-up` start a round of the build
agent and follow it like `run` does, to the session's next stop.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from typing import TextIO

from services.cli.api import Api
from services.cli.outcome import EXIT_COMPLETED
from services.cli.watch import accepted_then_follow, prompt_text
from shared.contract.checks import AddComment, CommentView, FollowUp, UpdateComment
from shared.contract.enums import DiffSide

Handler = Callable[[argparse.Namespace, Api, TextIO], int]
Command = Callable[[str, Handler, str], argparse.ArgumentParser]
Following = Callable[[argparse.ArgumentParser], None]

_PLACE = re.compile(r"^(?P<path>.+):(?P<start>[0-9]+)(?:-(?P<end>[0-9]+))?$")


def place(text: str) -> tuple[str, int, int]:
    """`FILE:LINE` or `FILE:LINE-LINE` as (path, first line, last line)."""
    found = _PLACE.match(text)
    if found is None:
        raise argparse.ArgumentTypeError(f"{text!r} is not FILE:LINE or FILE:LINE-LINE")
    start = int(found["start"])
    end = int(found["end"]) if found["end"] else start
    if start < 1 or end < start:
        raise argparse.ArgumentTypeError(f"{text!r}: lines start at 1 and run forwards")
    return found["path"], start, end


def _lines(c: CommentView) -> str:
    lines = f"{c.line_start}" if c.line_start == c.line_end else f"{c.line_start}-{c.line_end}"
    return f"{c.path}:{lines}" + (" (old)" if c.side is DiffSide.OLD else "")


def comment(args: argparse.Namespace, api: Api, out: TextIO) -> int:
    """`pilothouse comment SESSION FILE:LINE[-LINE] BODY [--old]`."""
    path, start, end = args.place
    side = DiffSide.OLD if args.old else DiffSide.NEW
    command = AddComment(
        path=path, line_start=start, line_end=end, side=side, body=prompt_text(args.body)
    )
    added = api.add_comment(args.session, command)
    out.write(f"comment #{added.id} on {_lines(added)}\n")
    for line in added.excerpt.splitlines():
        out.write(f"  │ {line}\n")
    return EXIT_COMPLETED


def comments(args: argparse.Namespace, api: Api, out: TextIO) -> int:
    """`pilothouse comments SESSION [--resolve ID | --reopen ID | --delete ID]`."""
    if args.delete is not None:
        gone = api.delete_comment(args.session, args.delete)
        out.write(f"deleted comment #{gone.id} on {_lines(gone)}\n")
        return EXIT_COMPLETED
    if args.resolve is not None or args.reopen is not None:
        which = args.resolve if args.resolve is not None else args.reopen
        done = api.update_comment(
            args.session, which, UpdateComment(resolved=args.resolve is not None)
        )
        state = "resolved" if done.resolved else "reopened"
        out.write(f"{state} comment #{done.id} on {_lines(done)}\n")
        return EXIT_COMPLETED
    found = api.comments(args.session)
    if not found:
        out.write("no comments\n")
    for c in found:
        state = "resolved" if c.resolved else "open"
        sent = f", sent to agent {c.sent_to}" if c.sent_to else ""
        out.write(f"#{c.id} {_lines(c)} [{state}{sent}]\n")
        for line in c.excerpt.splitlines():
            out.write(f"  │ {line}\n")
        out.write(f"  {c.body}\n")
    return EXIT_COMPLETED


def request_changes(args: argparse.Namespace, api: Api, out: TextIO) -> int:
    """`pilothouse request-changes SESSION`: send the unresolved comments, follow the round."""
    return accepted_then_follow(args, api, out, lambda: api.request_changes(args.session))


def follow_up(args: argparse.Namespace, api: Api, out: TextIO) -> int:
    """`pilothouse follow-up SESSION MESSAGE`: a new round of the build agent."""
    message = FollowUp(message=prompt_text(args.message))
    return accepted_then_follow(args, api, out, lambda: api.follow_up(args.session, message))


def register(command: Command, following: Following) -> None:
    sub = command("comment", comment, "comment on lines of a session's diff")
    sub.add_argument("session", help="session slug or id")
    sub.add_argument("place", type=place, metavar="FILE:LINE[-LINE]")
    sub.add_argument("body", help="the comment ('-' reads it from standard input)")
    sub.add_argument("--old", action="store_true", help="lines of the old side (removed ones)")

    sub = command("comments", comments, "a session's review comments (resolve, reopen, delete)")
    sub.add_argument("session", help="session slug or id")
    how = sub.add_mutually_exclusive_group()
    how.add_argument("--resolve", type=int, metavar="ID")
    how.add_argument("--reopen", type=int, metavar="ID")
    how.add_argument("--delete", type=int, metavar="ID")

    sub = command("request-changes", request_changes, "send the unresolved comments to the agent")
    sub.add_argument("session", help="session slug or id")
    following(sub)

    sub = command("follow-up", follow_up, "a message to the build agent: a new round")
    sub.add_argument("session", help="session slug or id")
    sub.add_argument("message", help="what to do ('-' reads it from standard input)")
    following(sub)
