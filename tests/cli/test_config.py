"""Where the client looks for the services and the token (no services needed)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from services.cli import config
from services.cli.outcome import ClientError
from shared.config.settings import get_settings


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[pytest.MonkeyPatch]:
    """A clean PILOTHOUSE_* environment, run from an empty directory; settings re-read."""
    for name in ("PILOTHOUSE_TOKEN", "PILOTHOUSE_DATA_DIR", "PILOTHOUSE_READ_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PILOTHOUSE_READ_PORT", "18100")
    monkeypatch.setenv("PILOTHOUSE_ORCHESTRATOR_PORT", "18101")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(config, "CHECKOUT_DATA_DIR", tmp_path / "checkout" / ".pilothouse")
    get_settings.cache_clear()
    yield monkeypatch
    monkeypatch.undo()
    get_settings.cache_clear()


def _token_file(directory: Path, token: str) -> None:
    directory.mkdir(parents=True)
    (directory / "token").write_text(token + "\n")


def test_addresses_from_settings_and_flags(environment: pytest.MonkeyPatch) -> None:
    target = config.resolve_target()
    assert (target.read_url, target.orchestrator_url) == (
        "http://127.0.0.1:18100",
        "http://127.0.0.1:18101",
    )
    flagged = config.resolve_target(read_url="http://h:1/", orchestrator_url="http://h:2")
    assert (flagged.read_url, flagged.orchestrator_url) == ("http://h:1", "http://h:2")


def test_token_order(environment: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert config.resolve_target().token is None
    # make dev run in the checkout leaves its token there.
    _token_file(tmp_path / "checkout" / ".pilothouse", "from-checkout")
    assert config.resolve_target().token == "from-checkout"
    # A data directory here wins over the checkout's.
    _token_file(tmp_path / ".pilothouse", "from-here")
    get_settings.cache_clear()
    assert config.resolve_target().token == "from-here"
    # An explicit data directory is the only one looked at.
    environment.setenv("PILOTHOUSE_DATA_DIR", str(tmp_path / "elsewhere"))
    get_settings.cache_clear()
    missing = config.resolve_target()
    assert missing.token is None
    assert str(tmp_path / "elsewhere" / "token") in missing.token_hint
    environment.setenv("PILOTHOUSE_TOKEN", "from-env")
    get_settings.cache_clear()
    assert config.resolve_target().token == "from-env"
    assert config.resolve_target(token="from-flag").token == "from-flag"


def test_only_http_addresses(environment: pytest.MonkeyPatch) -> None:
    for url in ("file:///etc/passwd", "127.0.0.1:8000", "http://"):
        with pytest.raises(ClientError, match="must be an http:// or https:// address"):
            config.resolve_target(read_url=url)
