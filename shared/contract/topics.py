"""Feed topics: the names clients subscribe to over `WS /ws` (docs/api.md).

`projects` and `sessions` carry every project's or session's changes; `project:<id>`
a project's changes and its sessions' changes; `session:<id>` everything of one session,
its log included. Which rows belong to a topic is decided twice, from this one grammar:
in memory for live events (services/read/feed/topics.py) and in SQL for backfills
(services/read/db/event_filters.py).
"""

from __future__ import annotations

import re
from typing import Literal, NamedTuple

PROJECTS = "projects"
SESSIONS = "sessions"

_ENTITY_TOPIC = re.compile(r"^(project|session):([1-9][0-9]{0,17})$")


class BadTopic(ValueError):
    """A topic name that is not one of `projects`, `sessions`, `project:<id>`, `session:<id>`."""


class EntityTopic(NamedTuple):
    """A topic of one project or session."""

    entity: Literal["project", "session"]
    id: int


def parse_topic(topic: str) -> str | EntityTopic:
    """`projects` or `sessions` as they are, an entity topic as its parts; raises BadTopic."""
    if topic in (PROJECTS, SESSIONS):
        return topic
    match = _ENTITY_TOPIC.match(topic)
    if match is None:
        raise BadTopic(
            f"unknown topic {topic[:64]!r}: expected projects, sessions, project:<id> or"
            " session:<id>"
        )
    entity: Literal["project", "session"] = "project" if match.group(1) == "project" else "session"
    return EntityTopic(entity, int(match.group(2)))


def check_topic(topic: str) -> str:
    """`topic` itself when it names a topic; raises BadTopic with a message otherwise."""
    parse_topic(topic)
    return topic


def session_topic(session_id: int) -> str:
    return f"session:{session_id}"


def project_topic(project_id: int) -> str:
    return f"project:{project_id}"
