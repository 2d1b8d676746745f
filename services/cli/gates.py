"""`pilothouse gates …` (a project's QA gates) and `pilothouse checks SESSION` (a session's
gate results).

`gates list|add|set|enable|disable|remove`: each sends one command (or one query) and
prints the gate as it now is; a refusal is a ClientError (exit code 5) like elsewhere.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TextIO

from services.cli.api import Api
from services.cli.commands import table
from services.cli.figures import seconds
from services.cli.outcome import EXIT_COMPLETED, EXIT_FAILED
from shared.contract.checks import DEFAULT_GATE_TIMEOUT, CreateGate, GateView, UpdateGate
from shared.contract.enums import ChecksState

Handler = Callable[[argparse.Namespace, Api, TextIO], int]
Command = Callable[[str, Handler, str], argparse.ArgumentParser]


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value <= 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds above 0")
    return value


def gate_rows(found: list[GateView]) -> str:
    rows = [
        [
            g.name,
            "on" if g.enabled else ("proposed" if g.proposed else "off"),
            "required" if g.required else "advisory",
            f"{g.timeout_seconds}s",
            g.command,
        ]
        for g in found
    ]
    return table(["GATE", "STATE", "KIND", "TIMEOUT", "COMMAND"], rows)


def _show(out: TextIO, verb: str, gate: GateView) -> int:
    state = "enabled" if gate.enabled else "disabled"
    kind = "required" if gate.required else "advisory"
    out.write(
        f"{verb} gate {gate.name!r}: {gate.command} ({kind}, {state}, {gate.timeout_seconds}s)\n"
    )
    return EXIT_COMPLETED


def list_gates(args: argparse.Namespace, api: Api, out: TextIO) -> int:
    """`pilothouse gates list PROJECT`."""
    found = api.gates(args.project)
    if not found:
        out.write(f"{args.project} has no gates: add one with `pilothouse gates add`\n")
    else:
        out.write(gate_rows(found))
    return EXIT_COMPLETED


def add(args: argparse.Namespace, api: Api, out: TextIO) -> int:
    """`pilothouse gates add PROJECT NAME COMMAND`."""
    command = CreateGate(
        name=args.name, command=args.shell_command, timeout_seconds=args.timeout,
        required=not args.advisory, enabled=not args.disabled, position=args.position,
    )  # fmt: skip
    return _show(out, "added", api.add_gate(args.project, command))


def change(args: argparse.Namespace, api: Api, out: TextIO) -> int:
    """`pilothouse gates set PROJECT NAME [--command …] [--timeout …] …`."""
    command = UpdateGate(
        name=args.rename, command=args.shell_command, timeout_seconds=args.timeout,
        required=args.required, position=args.position,
    )  # fmt: skip
    return _show(out, "changed", api.update_gate(args.project, args.name, command))


def enable(args: argparse.Namespace, api: Api, out: TextIO) -> int:
    """`pilothouse gates enable|disable PROJECT NAME`."""
    gate = api.update_gate(args.project, args.name, UpdateGate(enabled=args.enabled))
    return _show(out, "enabled" if args.enabled else "disabled", gate)


def remove(args: argparse.Namespace, api: Api, out: TextIO) -> int:
    """`pilothouse gates remove PROJECT NAME`."""
    gate = api.remove_gate(args.project, args.name)
    out.write(f"removed gate {gate.name!r} (its past results stay)\n")
    return EXIT_COMPLETED


def checks(args: argparse.Namespace, api: Api, out: TextIO) -> int:
    """`pilothouse checks SESSION`: the latest run's results (`--all`: every run's); exit
    code 1 while a required gate is red."""
    found = api.checks(args.session)
    results = found.results
    if not results:
        out.write("no checks have run\n")
        return EXIT_COMPLETED
    if not args.all:
        results = [r for r in results if r.run == results[-1].run]
    rows = [
        [
            str(r.run), r.name, "required" if r.required else "advisory",
            r.outcome.value.replace("_", " "), "" if r.exit_code is None else str(r.exit_code),
            seconds(r.duration_ms),
        ]
        for r in results
    ]  # fmt: skip
    out.write(table(["RUN", "GATE", "KIND", "RESULT", "EXIT", "TOOK"], rows))
    state = found.state.value if found.state else "none"
    override = " (approved with an override)" if found.overridden else ""
    out.write(f"checks: {state}{override}\n")
    if args.verbose:
        for r in results:
            if r.tail:
                out.write(f"\n--- {r.name} (run {r.run}) ---\n{r.tail}\n")
    return EXIT_FAILED if found.state is ChecksState.FAILED else EXIT_COMPLETED


def register(command: Command, group: Callable[[str, str], Command]) -> None:
    """The `gates` verbs and `checks`."""
    gate = group("gates", "a project's QA gates: list, add, set, enable, disable, remove")
    sub = gate("list", list_gates, "the project's gates in the order they run")
    sub.add_argument("project", help="project slug or id")
    sub = gate("add", add, "add a gate (a shell command run in each session's worktree)")
    sub.add_argument("project", help="project slug or id")
    sub.add_argument("name", help="the gate's name, e.g. tests")
    sub.add_argument("shell_command", metavar="COMMAND", help="run with /bin/sh -c")
    sub.add_argument("--timeout", type=_positive, default=DEFAULT_GATE_TIMEOUT, metavar="SECONDS")
    sub.add_argument("--advisory", action="store_true", help="shown, but gets no fix rounds")
    sub.add_argument("--disabled", action="store_true", help="add it switched off")
    sub.add_argument("--position", type=int, help="where it runs (default: last)")
    sub = gate("set", change, "change a gate")
    sub.add_argument("project", help="project slug or id")
    sub.add_argument("name", help="the gate's name")
    sub.add_argument("--command", dest="shell_command", help="the new shell command")
    sub.add_argument("--timeout", type=_positive, metavar="SECONDS")
    kind = sub.add_mutually_exclusive_group()
    kind.add_argument("--required", dest="required", action="store_const", const=True)
    kind.add_argument("--advisory", dest="required", action="store_const", const=False)
    sub.add_argument("--position", type=int)
    sub.add_argument("--rename", metavar="NAME")
    for verb, on in (("enable", True), ("disable", False)):
        sub = gate(verb, enable, f"{verb} a gate")
        sub.add_argument("project", help="project slug or id")
        sub.add_argument("name", help="the gate's name")
        sub.set_defaults(enabled=on)
    sub = gate("remove", remove, "remove a gate")
    sub.add_argument("project", help="project slug or id")
    sub.add_argument("name", help="the gate's name")

    sub = command("checks", checks, "a session's gate results (exit code 1 when red)")
    sub.add_argument("session", help="session slug or id")
    sub.add_argument("--all", action="store_true", help="every check run, not only the latest")
    sub.add_argument("-v", "--verbose", action="store_true", help="each gate's output tail")
