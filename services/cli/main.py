"""`pilothouse`: start and follow Pilothouse sessions from the shell.

The command line (argparse) and the one place errors become exit codes: a
`ClientError` is printed as one line on stderr, never as a traceback.
"""

from __future__ import annotations

import argparse
import functools
import sys
from collections.abc import Callable
from typing import Any, TextIO

from services.cli import commands, conversation, diff, gates, requests, review, search, watch
from services.cli.api import Api
from services.cli.config import resolve_target
from services.cli.export import FORMATS
from services.cli.outcome import ClientError
from shared.contract.enums import PIPELINE, AgentKind, SessionStatus

Handler = Callable[[argparse.Namespace, Api, TextIO], int]

EPILOG = """\
exit codes: 0 session completed (or awaiting review, merged, discarded, kept), 1 failed,
2 bad command line, 3 cancelled, 4 interrupted, 5 the client could not do what was asked
(a refused approve too), 130 stopped following (Ctrl-C).
Addresses and token come from PILOTHOUSE_* variables and the data directory, as for `make dev`.
"""


def _listed(text: str) -> str:
    """`running, failed` as the API takes it: `running,failed`."""
    return ",".join(part.strip() for part in text.split(",") if part.strip())


def _phases(text: str) -> list[str]:
    names = [name.strip() for name in text.split(",") if name.strip()]
    known = [phase.value for phase in PIPELINE]
    for name in names:
        if name not in known:
            raise argparse.ArgumentTypeError(f"{name!r} is not a phase ({', '.join(known)})")
    return names


def _common(parser: argparse.ArgumentParser, *, top: bool) -> None:
    """Options accepted before and after the command (defaults set once, at the top)."""
    default = None if top else argparse.SUPPRESS
    parser.add_argument("--read-url", default=default, help="the read service (GET, /ws)")
    parser.add_argument("--orchestrator-url", default=default, help="the orchestrator (commands)")
    parser.add_argument("--token", default=default, help="bearer token for commands")
    no_color = False if top else argparse.SUPPRESS
    parser.add_argument("--no-color", action="store_true", default=no_color, help="plain output")


def _following(parser: argparse.ArgumentParser, *, detachable: bool = True) -> None:
    parser.add_argument("--json", action="store_true", help="stream raw frames as JSON Lines")
    parser.add_argument(
        "--give-up-after",
        type=float,
        default=300.0,
        metavar="SECONDS",
        help="how long to keep reconnecting to a lost read service (default 300)",
    )
    if detachable:
        parser.add_argument("--detach", action="store_true", help="send the command only")


Command = Callable[[str, Handler, str], argparse.ArgumentParser]


def _review_commands(command: Command) -> None:
    """diff, approve, discard, keep, resolve, prune, worktrees."""
    sub = command("diff", diff.diff, "a session's changes as a unified diff (or --stat)")
    sub.add_argument("session", help="session slug or id")
    scope = sub.add_mutually_exclusive_group()
    scope.add_argument(
        "--phase", choices=[kind.value for kind in AgentKind], help="one phase's commits"
    )
    scope.add_argument("--agent", type=int, metavar="ID", help="one agent's (or round's) commit")
    sub.add_argument("--stat", action="store_true", help="files with +/- counts only")
    sub.add_argument(
        "--color", choices=("auto", "always", "never"), default="auto",
        help="colour the diff (auto: on a terminal; always: also through `less -R`)",
    )  # fmt: skip

    sub = command("approve", review.approve, "merge a session's branch into its base branch")
    sub.add_argument("session", help="session slug or id")
    how = sub.add_mutually_exclusive_group()
    for strategy, text in (
        ("squash", "one commit with all its changes (default)"),
        ("merge", "a merge commit"),
        ("rebase", "its commits replayed on the base branch"),
    ):
        how.add_argument(
            f"--{strategy}", dest="strategy", action="store_const", const=strategy, help=text
        )
    sub.set_defaults(strategy="squash")
    sub.add_argument("-m", "--message", help="the commit message (default: the spec's title)")
    sub.add_argument(
        "--override-checks", action="store_true",
        help="merge although a required gate is red (recorded on the session)",
    )  # fmt: skip

    sub = command("discard", review.discard, "remove a session's worktree and branch, unmerged")
    sub.add_argument("session", help="session slug or id")

    sub = command("keep", review.keep, "remove a session's worktree, keep its branch")
    sub.add_argument("session", help="session slug or id")

    sub = command("resolve", watch.resolve, "merge the base branch into a session's branch")
    sub.add_argument("session", help="session slug or id")
    _following(sub)

    sub = command("prune", review.prune, "remove worktrees of sessions stopped long ago")
    sub.add_argument(
        "--older-than", type=review.age_seconds, metavar="AGE",
        help="stopped longer ago than this: 7d, 12h, 90m, 2w, 0 (default: configured, 7d)",
    )  # fmt: skip
    sub.add_argument("--dry-run", action="store_true", help="list what would go; remove nothing")

    command("worktrees", review.worktrees, "the worktrees in use and the disk they take")


def _export_command(command: Command) -> None:
    sub = command("export", commands.export, "the whole transcript as JSON Lines or Markdown")
    sub.add_argument("session", help="session slug or id")
    sub.add_argument("--format", choices=FORMATS, default="jsonl")
    sub.add_argument("--output", "-o", metavar="FILE", help="write here instead of stdout")


def _group(commands_of: Any, name: str, text: str) -> Command:
    """A command whose verbs come next: `pilothouse NAME VERB …`."""
    verbs = commands_of.add_parser(name, help=text, description=text).add_subparsers(
        dest="verb", required=True, metavar="VERB"
    )

    def verb(word: str, handler: Handler, about: str) -> argparse.ArgumentParser:
        sub: argparse.ArgumentParser = verbs.add_parser(word, help=about, description=about)
        _common(sub, top=False)
        sub.set_defaults(handler=handler)
        return sub

    return verb


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pilothouse",
        description="Start and follow Pilothouse sessions from the shell.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _common(parser, top=True)
    commands_of = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, handler: Handler, text: str) -> argparse.ArgumentParser:
        sub = commands_of.add_parser(name, help=text, description=text)
        _common(sub, top=False)
        sub.set_defaults(handler=handler)
        return sub

    sub = command("projects", commands.projects, "list the registered projects")
    sub.add_argument("--archived", action="store_true", help="archived projects too")
    sub.add_argument("--json", action="store_true", help="print the projects as JSON")

    sub = command("add", commands.add, "register a directory as a project")
    sub.add_argument("path", help="the project's directory")
    sub.add_argument("--name")
    sub.add_argument("--slug", help="short name used in commands (default: from the directory)")
    sub.add_argument("--description")
    sub.add_argument(
        "--supervised", action="store_true",
        help="its sessions' Bash calls and questions wait for your answer (pilothouse answer)",
    )  # fmt: skip

    sub = command("run", watch.run, "start a session on a project and follow it")
    sub.add_argument("project", help="project slug or id")
    sub.add_argument("prompt", help="what to do ('-' reads it from standard input)")
    sub.add_argument("--phases", type=_phases, help="comma-separated, e.g. spec,plan")
    sub.add_argument("--title")
    sub.add_argument(
        "--base", help="branch or commit to start from (default: the checked-out branch)"
    )
    sub.add_argument(
        "--supervised", action="store_true",
        help="Bash calls and questions wait for your answer (default: the project's setting)",
    )  # fmt: skip
    _following(sub)

    sub = command("sessions", commands.sessions, "list sessions, newest first")
    sub.add_argument("--project", help="only this project's (slug or id)")
    statuses = ",".join(status.value for status in SessionStatus)
    sub.add_argument(
        "--status", type=_listed, help=f"only in these statuses, comma-separated ({statuses})"
    )
    sub.add_argument("--limit", type=int, default=20, help="at most this many (default 20)")
    sub.add_argument("--json", action="store_true", help="print the sessions as JSON")

    sub = command("follow", watch.follow, "show a session's log, live until it stops")
    sub.add_argument("session", help="session slug or id")
    _following(sub, detachable=False)

    sub = command("cancel", commands.cancel, "cancel a queued or running session")
    sub.add_argument("session", help="session slug or id")

    sub = command("resume", watch.resume, "continue a stopped session and follow it")
    sub.add_argument("session", help="session slug or id")
    _following(sub)

    sub = command("debug", watch.debug, "run a debug agent on a session and follow it")
    sub.add_argument("session", help="session slug or id")
    sub.add_argument("prompt", help="what to look into ('-' reads it from standard input)")
    _following(sub)

    _review_commands(command)
    gates.register(command, functools.partial(_group, commands_of))
    conversation.register(command, _following)
    requests.register(command)

    search.arguments(
        command("search", search.search, "find words in every session's log, newest first")
    )

    _export_command(command)
    return parser


def main(argv: list[str] | None = None) -> None:
    """Entry point of the `pilothouse` console script."""
    args = build_parser().parse_args(argv)
    # A log line with characters the terminal cannot show must not end the program.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
    try:
        target = resolve_target(
            read_url=args.read_url, orchestrator_url=args.orchestrator_url, token=args.token
        )
        with Api(target) as api:
            code = args.handler(args, api, sys.stdout)
    except ClientError as error:
        sys.stdout.flush()
        print(f"pilothouse: {error.message}", file=sys.stderr)
        code = error.code
    except KeyboardInterrupt:
        code = 130
    except BrokenPipeError:
        # `pilothouse export … | head`: the reader left; that is not an error of ours.
        sys.stderr.close()
        code = 0
    sys.exit(code)


if __name__ == "__main__":
    main()
