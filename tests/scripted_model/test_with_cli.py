"""The real Claude Code CLI, through the claude-agent-sdk, runs the scripts' tools."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from claude_agent_sdk import (
    AssistantMessage,
    ClaudeAgentOptions,
    ResultMessage,
    ToolUseBlock,
    query,
)
from claude_agent_sdk._errors import ProcessError

from services.scripted_model.server import ScriptedModelServer

pytestmark = pytest.mark.agents


@pytest.fixture
async def model() -> AsyncIterator[ScriptedModelServer]:
    server = ScriptedModelServer()
    await server.start()
    yield server
    await server.stop()


def _options(model: ScriptedModelServer, tmp_path: Path, phase: str) -> ClaudeAgentOptions:
    project, artifacts = tmp_path / "project", tmp_path / "artifacts"
    project.mkdir(exist_ok=True)
    artifacts.mkdir(exist_ok=True)
    return ClaudeAgentOptions(
        env=model.cli_env(tmp_path / "claude-config"),
        cwd=str(project),
        add_dirs=[str(artifacts)],
        system_prompt=(
            f"Pilothouse phase: {phase}\n"
            f"Artifact directory: {artifacts}\n"
            f"Project directory: {project}"
        ),
        permission_mode="acceptEdits",
        allowed_tools=["Read", "Write", "Edit", "Bash"],
        setting_sources=[],
        model="claude-sonnet-4-5",
    )


async def test_build_phase_edits_the_project(model: ScriptedModelServer, tmp_path: Path) -> None:
    (tmp_path / "artifacts").mkdir()
    (tmp_path / "artifacts" / "plan.json").write_text('{"steps": []}')
    tools: list[str] = []
    results: list[ResultMessage] = []
    async for message in query(prompt="Add a greeting", options=_options(model, tmp_path, "build")):
        if isinstance(message, AssistantMessage):
            tools += [block.name for block in message.content if isinstance(block, ToolUseBlock)]
        elif isinstance(message, ResultMessage):
            results.append(message)
    assert tools == ["Read", "Write", "Bash", "Edit", "Read", "Write"]
    assert "def greet(name" in (tmp_path / "project" / "hello_pilothouse.py").read_text()
    assert '"status": "built"' in (tmp_path / "artifacts" / "state.json").read_text()
    [result] = results
    assert not result.is_error
    assert result.num_turns == 7
    assert result.total_cost_usd is not None
    assert result.total_cost_usd > 0
    sessions = {seen.claude_session_id for seen in model.seen}
    assert sessions == {result.session_id}


async def test_fail_directive_ends_in_an_error_result(
    model: ScriptedModelServer, tmp_path: Path
) -> None:
    results: list[ResultMessage] = []

    async def run() -> None:
        options = _options(model, tmp_path, "spec")
        async for message in query(prompt="x [scripted:fail]", options=options):
            if isinstance(message, ResultMessage):
                results.append(message)

    with pytest.raises(ProcessError):
        await run()
    assert [result.is_error for result in results] == [True]
    assert not (tmp_path / "artifacts" / "spec.md").exists()
