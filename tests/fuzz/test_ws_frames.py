"""Bad WebSocket frames against the real read service's `/ws` (hypothesis).

Garbage bytes, text that is not JSON, unknown frame types, fields of the wrong type, bad
topics and bad resume tokens each get an `error` frame with the documented code, and
the same connection then still subscribes. A frame over the protocol limit closes the
connection with code 1009, and a new connection subscribes as before.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import msgspec
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from services.read.server import WS_MAX_SIZE
from shared.contract.cursor import BadToken, Cursor
from shared.contract.frames import MAX_CLIENT_FRAME_BYTES, Error, Events, ServerFrame, Subscribed
from shared.contract.topics import BadTopic, check_topic
from tests.support.fuzz_schemas import BUDGET, FUZZ_EXAMPLES
from tests.support.fuzz_seed import Seeded

MESSAGE_TOO_BIG = 1009
"""The close code of a frame over the server's protocol limit (RFC 6455)."""

FRAMES = settings(BUDGET, max_examples=FUZZ_EXAMPLES // 4 or 40)
"""Per kind of bad frame; each example is a few round trips."""

_decoder = msgspec.json.Decoder(ServerFrame)
TIMEOUT = 10.0


@pytest.fixture(scope="module")
def ws_url(seeded: Seeded) -> str:
    return seeded.stack.read_url.replace("http://", "ws://") + "/ws"


@pytest.fixture(scope="module")
def feed(ws_url: str) -> Iterator[ClientConnection]:
    """One connection that every bad frame of a test goes to, one after the other."""
    with connect(ws_url, open_timeout=TIMEOUT, max_size=None) as socket:
        yield socket


def _answer(socket: ClientConnection) -> ServerFrame:
    frame: ServerFrame = _decoder.decode(socket.recv(timeout=TIMEOUT))
    return frame


def _refused(socket: ClientConnection, frame: str | bytes, codes: set[str]) -> Error:
    """Send `frame`; the answer must be an error frame with one of `codes`."""
    socket.send(frame)
    answer = _answer(socket)
    assert isinstance(answer, Error), (frame[:200], answer)
    assert answer.code in codes, (frame[:200], answer)
    assert answer.message
    return answer


def _still_subscribes(socket: ClientConnection) -> None:
    """A valid subscribe from the start of `projects` gets the seeded project, then
    `subscribed`."""
    socket.send(json.dumps({"type": "subscribe", "topic": "projects", "after": "0"}))
    answers = [_answer(socket)]
    while not isinstance(answers[-1], Subscribed):
        answers.append(_answer(socket))
    events = [event for answer in answers if isinstance(answer, Events) for event in answer.events]
    assert events, answers
    assert answers[-1].topic == "projects"


def _frame(**fields: Any) -> str:
    return json.dumps(fields)


def _not_a_frame(text: str | bytes) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return True
    return False


def _not_a_topic(topic: str) -> bool:
    try:
        check_topic(topic)
    except BadTopic:
        return True
    return False


def _not_a_token(token: str) -> bool:
    try:
        Cursor.parse(token)
    except BadToken:
        return True
    return False


NOT_JSON = st.one_of(
    st.binary(max_size=MAX_CLIENT_FRAME_BYTES),
    st.text(max_size=200),
).filter(_not_a_frame)

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children)
    ),
    max_leaves=8,
)
NOT_A_STRING = JSON_VALUES.filter(lambda value: not isinstance(value, str))
"""JSON of any type but a string, for fields that must be strings."""


@given(frame=NOT_JSON)
@example(frame=b"\x00")
@example(frame=b"\xff\xfe{")  # not UTF-8
@example(frame="")
@FRAMES
def test_garbage_gets_bad_frame(feed: ClientConnection, frame: str | bytes) -> None:
    _refused(feed, frame, {"bad_frame"})
    _still_subscribes(feed)


@given(
    frame=st.one_of(
        st.dictionaries(st.text(max_size=10), JSON_VALUES, max_size=4).map(json.dumps),
        JSON_VALUES.filter(lambda value: not isinstance(value, dict)).map(json.dumps),
        st.fixed_dictionaries(
            {
                "type": st.text(max_size=20).filter(
                    lambda t: t not in ("subscribe", "unsubscribe", "ping")
                )
            },
            optional={"topic": JSON_VALUES},
        ).map(json.dumps),
    )
)
@example(frame=_frame(type="launch", topic="projects"))
@example(frame=_frame(type="ping", extra=1))
@example(frame="[]")
@example(frame="null")
@FRAMES
def test_unknown_frames_get_bad_frame(feed: ClientConnection, frame: str) -> None:
    _refused(feed, frame, {"bad_frame"})
    _still_subscribes(feed)


@given(
    frame=st.one_of(
        st.builds(lambda topic: _frame(type="subscribe", topic=topic), NOT_A_STRING),
        st.builds(lambda topic: _frame(type="unsubscribe", topic=topic), NOT_A_STRING),
        st.builds(
            lambda after: _frame(type="subscribe", topic="projects", after=after),
            NOT_A_STRING.filter(lambda value: value is not None),
        ),
    )
)
@example(frame=_frame(type="subscribe", topic=1))
@example(frame=_frame(type="subscribe", topic=["projects"]))
@example(frame=_frame(type="subscribe", topic="projects", after=12))
@example(frame=_frame(type="subscribe", topic=""))
@FRAMES
def test_fields_of_the_wrong_type_get_bad_frame(feed: ClientConnection, frame: str) -> None:
    _refused(feed, frame, {"bad_frame"})
    _still_subscribes(feed)


@given(topic=st.text(min_size=1, max_size=64).filter(_not_a_topic))
@example(topic="session:0")
@example(topic="session:\u00b2")  # "²": str.isdigit() says yes
@example(topic="session:" + "9" * 19)
@example(topic="projects\x00")
@FRAMES
def test_bad_topics_get_bad_topic(feed: ClientConnection, topic: str) -> None:
    _refused(feed, _frame(type="subscribe", topic=topic), {"bad_topic"})
    _still_subscribes(feed)


@given(token=st.text(max_size=64).filter(_not_a_token))
@example(token="\u00b2-1")  # killed the connection: int("²") raised ValueError
@example(token="\u0661-\u0662")  # Arabic-Indic digits
@example(token="9" * 25 + "-1")  # beyond xid8: the backfill query failed
@example(token="1-" + "9" * 25)
@example(token="-1-2")
@FRAMES
def test_bad_tokens_get_bad_token(feed: ClientConnection, token: str) -> None:
    _refused(feed, _frame(type="subscribe", topic="projects", after=token), {"bad_token"})
    _still_subscribes(feed)


@given(size=st.integers(MAX_CLIENT_FRAME_BYTES + 1, WS_MAX_SIZE - 64), binary=st.booleans())
@example(size=MAX_CLIENT_FRAME_BYTES + 1, binary=False)
@settings(FRAMES, max_examples=10)
def test_large_frames_get_frame_too_large(feed: ClientConnection, size: int, binary: bool) -> None:
    frame = _frame(type="ping", pad="x" * size)
    _refused(feed, frame.encode() if binary else frame, {"frame_too_large"})
    _still_subscribes(feed)


@given(size=st.integers(WS_MAX_SIZE + 1, 4 * WS_MAX_SIZE))
@example(size=WS_MAX_SIZE + 1)
@settings(FRAMES, max_examples=5)
def test_frames_over_the_protocol_limit_close_the_connection(ws_url: str, size: int) -> None:
    with connect(ws_url, open_timeout=TIMEOUT, max_size=None) as socket:
        socket.send("x" * size)
        with pytest.raises(ConnectionClosed) as closed:
            socket.recv(timeout=TIMEOUT)
        assert closed.value.rcvd is not None
        assert closed.value.rcvd.code == MESSAGE_TOO_BIG
    with connect(ws_url, open_timeout=TIMEOUT) as fresh:
        _still_subscribes(fresh)
