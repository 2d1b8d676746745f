"""The client on a session whose older events retention removed: `follow` and `export`
say so on stderr and show what came after, instead of failing on the 410."""

from __future__ import annotations

import asyncio
import re
from datetime import timedelta

import pytest

from services.cli.outcome import EXIT_COMPLETED
from services.orchestrator.retention.args import Options
from services.orchestrator.retention.sweep import run
from tests.support.cli_client import pilothouse
from tests.support.session_journal import age_session
from tests.support.stack import Stack

pytestmark = pytest.mark.agents


async def test_follow_and_export_start_after_the_horizon(stack: Stack) -> None:
    ran = await pilothouse(stack, "run", "demo", "Short one", "--phases", "spec")
    assert ran.code == EXIT_COMPLETED, ran.stderr
    found = re.match(r"session \S+ \(#(\d+)\)", ran.stdout)
    assert found, ran.stdout[:200]
    session = found.group(1)
    age_session(stack.database_url, int(session), days=40)
    options = Options(timedelta(days=30), archive_dir=None, dry_run=False, batch_size=1000)
    totals = await asyncio.to_thread(run, stack.database_url, options, lambda _: None)
    assert totals.events > 10

    followed = await pilothouse(stack, "follow", session)
    exported = await pilothouse(stack, "export", session)

    assert followed.code == EXIT_COMPLETED, followed.stderr
    assert f"{totals.events} older events of this session were removed" in followed.stderr
    assert followed.stdout.rstrip().splitlines()[-1].startswith("  total $"), followed.stdout
    assert exported.code == EXIT_COMPLETED, exported.stderr
    assert "removed by retention" in exported.stderr
    assert exported.stdout == "", "nothing of it is left after the horizon"
