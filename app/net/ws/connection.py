"""One WebSocket connection: the app's own Stream (TCP or TLS, counters, the send bound) driving a ``websockets``
sans-I/O protocol object (ClientProtocol or ServerProtocol).

Bytes the transport delivers go into the protocol; the frames it parses come out as events, and whole messages
(fragments joined) go to the owning session as one record each; what the protocol wants written (handshake,
frames, automatic pongs and close replies) is written here. Nothing in ``websockets`` does I/O for us, so TLS,
backpressure and the bound on what may wait for a peer stay the app's (``app.net.stream``).
"""

from __future__ import annotations

import asyncio
import os
import threading
import time
from collections.abc import Sequence
from typing import Protocol as Typing

from websockets.datastructures import Headers
from websockets.exceptions import InvalidState, PayloadTooBig
from websockets.exceptions import ProtocolError as LibProtocolError
from websockets.frames import CLOSE_CODE_EXPLANATIONS, Close, Frame, Opcode
from websockets.http11 import Request, Response
from websockets.protocol import Protocol as WsProtocol
from websockets.protocol import Side
from websockets.protocol import State as WsState
from websockets.typing import Subprotocol

from app.core.errors import (
    NetAssistError,
    NotOpen,
    PeerNotReading,
    SendTooLarge,
    UnencodableText,
    WsHandshakeFailed,
    WsProtocolError,
)
from app.core.records import Address, Counts, Direction
from app.net.session import CloseReason, Session
from app.net.stream import Stream, StreamOwner

#: Largest message a session takes in by default (websockets' own default is 1 MiB; a device's firmware image or a
#: 16 MiB test message must fit). A larger one closes the connection with 1009 (message too big), said in words.
DEFAULT_MAX_MESSAGE = 64 * 1024 * 1024
#: Seconds to wait, once our close frame went out (or the peer's arrived), for the TCP connection to end before
#: it is aborted (websockets waits 10 s; a debugging tool should not keep a dead peer listed that long).
CLOSE_TIMEOUT = 2.0
#: Seconds a server gives a new connection to send its handshake request.
HANDSHAKE_TIMEOUT = 10.0
#: Bytes a read takes at most: the socket is read into one reused buffer (per thread: a loop hands it to one
#: stream at a time, whose protocol copies it at once), not into a new 256 KiB object per read.
READ_BUFFER = 256 * 1024
_read = threading.local()
#: Pings waiting for their pong, at most (a peer that never answers cannot make the list grow).
MAX_PINGS = 64

CLOSE_NORMAL = 1000
CLOSE_GOING_AWAY = 1001


def close_words(close: Close | None) -> str:
    """A close frame's code and reason in words: ``1001 (going away), reason 'bye'``."""
    if close is None:
        return "no close frame (1006, abnormal closure)"
    meaning = CLOSE_CODE_EXPLANATIONS.get(close.code, "unknown code")
    if 3000 <= close.code < 4000:
        meaning = "registered for libraries and frameworks"
    elif 4000 <= close.code < 5000:
        meaning = "the application's own code"
    text = f"{close.code} ({meaning.replace(' [internal]', '')})"
    return f"{text}, reason {close.reason!r}" if close.reason else text


def headers_text(first_line: str, headers: Headers, arrow: str) -> str:
    """An HTTP head as lines, each after ``arrow`` (``>`` sent, ``<`` received)."""
    lines = [f"{arrow} {first_line}"]
    lines += [f"{arrow} {name}: {value}" for name, value in headers.raw_items()]
    return "\n".join(lines)


class WsOwner(StreamOwner, Typing):
    """What a WebSocket stream reports to (a ws session), beyond a plain stream's owner."""

    def _ws_request(self, stream: WsStream, request: Request) -> None: ...
    def _ws_response(self, stream: WsStream, response: Response, error: NetAssistError | None) -> None: ...
    def _ws_message(self, stream: WsStream, data: bytes, text: bool) -> None: ...
    def _ws_notice(self, stream: WsStream, kind: str, text: str, args: tuple[str, ...], detail: str = "") -> None: ...
    def _ws_error(self, stream: WsStream, error: NetAssistError) -> None: ...


class WsStream(Stream, asyncio.BufferedProtocol):
    """A WebSocket connection: a Stream whose bytes are a ``websockets`` protocol's. It reads as a buffered
    protocol (``get_buffer``/``buffer_updated``): into a reused buffer, large reads, no object per read."""

    owner: WsOwner

    def __init__(self, owner: WsOwner, protocol: WsProtocol):
        super().__init__(owner)
        self.ws = protocol
        #: The opening handshake succeeded (messages may flow).
        self.opened = False
        #: Set when the opening handshake is done: None, or the error why it failed.
        self.handshake: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        #: The request path (server side: what the client asked for) and what was agreed.
        self.path = ""
        self.subprotocol = ""
        self.extensions = ""
        #: What the peer did wrong, when it broke the protocol (the connection then closes with 1002/1007/1009).
        self.protocol_error: WsProtocolError | None = None
        self._parts: list[bytes] = []
        self._text = False
        self._pings: list[tuple[bytes, float]] = []
        self._close_timer: asyncio.TimerHandle | None = None
        self._handshake_timer: asyncio.TimerHandle | None = None

    # asyncio.Protocol -------------------------------------------------------------------
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)
        if self.ws.side is Side.SERVER and not self.rejected and not self.is_closing:
            self._handshake_timer = asyncio.get_running_loop().call_later(HANDSHAKE_TIMEOUT, self._no_request)

    def get_buffer(self, sizehint: int) -> memoryview:
        buf: memoryview | None = getattr(_read, "buffer", None)
        if buf is None:
            buf = _read.buffer = memoryview(bytearray(READ_BUFFER))
        return buf

    def buffer_updated(self, nbytes: int) -> None:
        # (the protocol's reader copies the bytes into its own buffer before this returns)
        self.data_received(_read.buffer[:nbytes])

    def data_received(self, data: bytes | memoryview) -> None:
        ws = self.ws
        if ws.state is WsState.CLOSED:  # (after a close the protocol discards; it cannot take more)
            return
        ws.receive_data(data)  # type: ignore[arg-type]  # (a memoryview: its reader copies it into its buffer)
        events = ws.events_received()
        self._flush()
        for event in events:
            if isinstance(event, Frame):
                self._frame(event)
            elif isinstance(event, Request):
                self._request(event)
            elif isinstance(event, Response):
                self._response(event)
        if ws.parser_exc is not None and self.protocol_error is None:
            self._broken(ws.parser_exc)
        if ws.close_expected():
            self._expect_close()

    def eof_received(self) -> bool:
        """The peer's TCP FIN: the protocol learns it (a close without a closing handshake is 1006); the
        connection closes (WebSocket has no half-close)."""
        self.finished = True
        if self.close_reason is None:
            self.close_reason = CloseReason.CLOSED_BY_PEER
        if self.ws.state is not WsState.CLOSED:
            self.ws.receive_eof()
            self.ws.events_received()
            self._flush()
        return False

    def connection_lost(self, exc: Exception | None) -> None:
        for timer in (self._close_timer, self._handshake_timer):
            if timer is not None:
                timer.cancel()
        if not self.handshake.done():
            where = "the connection closed" if exc is None else f"the connection failed ({exc})"
            self.handshake.set_exception(WsHandshakeFailed(f"{where} before the WebSocket handshake finished"))
            self.handshake.exception()  # (retrieved: nobody may be waiting for it)
        super().connection_lost(exc)

    # what the protocol says ---------------------------------------------------------------
    def _flush(self) -> None:
        """Write what the protocol has for the peer. Its empty chunk means "end of stream": a server closes the
        connection then (RFC 6455 7.1.1: the server closes first; what it wrote is flushed), a client half-closes
        where the transport can (plain TCP; else closes) and the server's close ends it."""
        transport = self.transport
        if transport is None:
            return
        for chunk in self.ws.data_to_send():
            if transport.is_closing():
                return
            if chunk:
                transport.write(chunk)
            elif self.ws.side is not Side.SERVER and transport.can_write_eof():
                transport.write_eof()
            else:
                transport.close()

    def _expect_close(self) -> None:
        """The TCP connection should end soon: abort it if the peer does not end it within CLOSE_TIMEOUT."""
        if self._close_timer is None and not self.closed.done():
            self._close_timer = asyncio.get_running_loop().call_later(CLOSE_TIMEOUT, self._close_overdue)

    def _close_overdue(self) -> None:
        self._close_timer = None
        if self.transport is not None and not self.closed.done():
            self.transport.abort()

    def _no_request(self) -> None:
        self._handshake_timer = None
        if not self.opened and self.transport is not None and not self.transport.is_closing():
            self.owner._ws_error(self, WsHandshakeFailed(
                f"{self.peer} sent no WebSocket handshake request within {HANDSHAKE_TIMEOUT:g} s; disconnected"))
            self.rejected = True
            self.transport.close()

    def _request(self, request: Request) -> None:
        if self._handshake_timer is not None:
            self._handshake_timer.cancel()
            self._handshake_timer = None
        self.path = request.path
        self.owner._ws_request(self, request)
        self._flush()

    def _response(self, response: Response) -> None:
        exc = self.ws.handshake_exc
        error = None if exc is None else WsHandshakeFailed(str(exc))
        self.owner._ws_response(self, response, error)

    def _opened(self) -> None:
        """The handshake succeeded (either side)."""
        self.opened = True
        self.subprotocol = self.ws.subprotocol or ""
        self.extensions = ", ".join(e.name for e in self.ws.extensions)
        if not self.handshake.done():
            self.handshake.set_result(None)

    def _refused(self, error: NetAssistError) -> None:
        if not self.handshake.done():
            self.handshake.set_exception(error)
            self.handshake.exception()  # (retrieved: the client's open() raises it itself)

    def _frame(self, frame: Frame) -> None:
        op = frame.opcode
        if op is Opcode.TEXT or op is Opcode.BINARY or op is Opcode.CONT:
            if op is not Opcode.CONT:
                self._text = op is Opcode.TEXT
                if frame.fin:  # the common case: a message in one frame, no joining
                    self._message(bytes(frame.data))
                    return
                self._parts = [bytes(frame.data)]
                return
            self._parts.append(bytes(frame.data))
            if frame.fin:
                parts, self._parts = self._parts, []
                self._message(b"".join(parts))
        elif op is Opcode.PING:
            n = len(frame.data)
            self.owner._ws_notice(self, "ws-ping", f"ping from {self.peer} ({n:,} byte{'s' if n != 1 else ''}); "
                                  "pong sent", (str(self.peer), str(n)))
        elif op is Opcode.PONG:
            self._pong(bytes(frame.data))
        elif op is Opcode.CLOSE:
            self._close_frame()

    def _message(self, data: bytes) -> None:
        if self._text:
            try:
                data.decode()
            except UnicodeDecodeError as exc:
                # RFC 6455 8.1: a text message that is not UTF-8 fails the connection with 1007
                self.ws.fail(1007, f"{exc.reason} at position {exc.start}")
                self._broken(exc)
                self._flush()
                self._expect_close()
                return
        self.owner._ws_message(self, data, self._text)

    def _pong(self, payload: bytes) -> None:
        peer = str(self.peer)
        for i, (sent, t) in enumerate(self._pings):
            if sent == payload:
                del self._pings[: i + 1]  # (a pong answers its ping and every earlier one)
                ms = f"{(time.perf_counter() - t) * 1000:.1f}"
                self.owner._ws_notice(self, "ws-pong", f"pong from {peer} after {ms} ms", (peer, ms))
                return
        self.owner._ws_notice(self, "ws-pong-unsolicited", f"pong from {peer} that answers no ping of ours "
                              f"({len(payload):,} bytes)", (peer, str(len(payload))))

    def _close_frame(self) -> None:
        """The peer's close frame arrived: its code and reason, in words (the protocol has answered it)."""
        ws, peer = self.ws, str(self.peer)
        words = close_words(ws.close_rcvd)
        code = str(ws.close_rcvd.code) if ws.close_rcvd is not None else "1005"
        reason = ws.close_rcvd.reason if ws.close_rcvd is not None else ""
        if ws.close_rcvd_then_sent:
            self.owner._ws_notice(self, "ws-close-received", f"{peer} closes the WebSocket: {words}",
                                  (peer, code, reason), code)
        else:
            self.owner._ws_notice(self, "ws-close-answered", f"{peer} answered our close: {words}",
                                  (peer, code, reason), code)

    def _broken(self, exc: BaseException) -> None:
        """The peer broke the protocol (or its stream ended mid-frame): why, in words, and the code we closed
        with."""
        if isinstance(exc, EOFError):
            return  # (the end of its stream: said when the connection is lost)
        sent = close_words(self.ws.close_sent) if self.ws.close_sent is not None else "no close frame"
        if isinstance(exc, PayloadTooBig):
            what = f"sent a message larger than this session takes ({exc})"
        elif isinstance(exc, UnicodeDecodeError):
            what = f"sent a text message that is not UTF-8 ({exc.reason} at byte {exc.start:,})"
        elif isinstance(exc, LibProtocolError):
            what = f"broke the WebSocket protocol: {exc}"
        else:
            what = f"sent what could not be read ({exc})"
        self.protocol_error = WsProtocolError(f"{self.peer} {what}; closed with {sent}")
        self.owner._ws_error(self, self.protocol_error)

    # actions ---------------------------------------------------------------------------
    def send_message(self, data: bytes, text: bool) -> None:
        """One message, one frame (a text frame: ``data`` must be UTF-8). Refused in words, nothing sent, when it
        would pass the owner's send bound: larger than the bound (SendTooLarge), or the peer is not reading what
        already waits (PeerNotReading)."""
        assert self.transport is not None
        limit = self.owner.send_limit
        if len(data) > limit:
            raise SendTooLarge(f"a message of {len(data):,} bytes is more than a connection may have waiting "
                               f"({limit:,} bytes); nothing was sent")
        waiting = self.transport.get_write_buffer_size()
        if waiting and waiting + len(data) > limit:
            raise PeerNotReading(f"{self.peer} is not reading ({waiting:,} bytes waiting); nothing was sent",
                                 peer=self.peer, waiting=waiting)
        try:
            if text:
                self.ws.send_text(data)
            else:
                self.ws.send_binary(data)
        except InvalidState:
            raise NotOpen(f"the WebSocket with {self.peer} is closing; nothing was sent") from None
        self._flush()

    def write(self, data: bytes) -> None:
        """What a TCP session's send writes: here one message, text or binary as the owner's send asked."""
        self.send_message(data, getattr(self.owner, "_frame_text", False))

    def ping(self, payload: bytes | None = None) -> bytes:
        """Send a ping (``payload``: up to 125 bytes; None: 4 random ones); its pong's round-trip time is said in
        a notice. Returns the payload sent."""
        if payload is None:
            payload = os.urandom(4)
        if len(payload) > 125:
            raise SendTooLarge(f"a ping carries at most 125 bytes ({len(payload):,} given); nothing was sent")
        try:
            self.ws.send_ping(payload)
        except InvalidState:
            raise NotOpen(f"the WebSocket with {self.peer} is closing; nothing was sent") from None
        self._pings.append((payload, time.perf_counter()))
        del self._pings[:-MAX_PINGS]
        self._flush()
        return payload

    def close_ws(self, code: int = CLOSE_NORMAL, reason: str = "", why: CloseReason = CloseReason.CLOSED_LOCALLY
                 ) -> None:
        """Start the closing handshake (our close frame with ``code`` and ``reason``); the TCP connection ends
        when the peer answers, or is aborted CLOSE_TIMEOUT later."""
        if self.close_reason is None:
            self.close_reason = why
        if self.ws.state is WsState.OPEN:
            self.ws.send_close(code, reason)
            self._flush()
            self._expect_close()
        elif self.ws.state is WsState.CONNECTING and self.transport is not None:
            self.transport.close()
        else:
            self._expect_close()

    def close(self, reason: CloseReason) -> None:
        """A TCP session's close (stop, kick, close): a closing handshake, with 1001 (going away) when the server
        stops and 1000 otherwise."""
        code = CLOSE_GOING_AWAY if reason is CloseReason.SERVER_STOPPED else CLOSE_NORMAL
        self.close_ws(code, reason.text if reason is not CloseReason.CLOSED_LOCALLY else "", reason)

    def parting_words(self) -> str:
        """How the WebSocket ended, for the disconnect notice: both close frames, or that there was none."""
        ws = self.ws
        if not self.opened:
            return "before the WebSocket handshake finished"
        if ws.close_rcvd is None and ws.close_sent is None:
            return "without a closing handshake (1006, abnormal closure)"
        if ws.close_sent is not None and ws.close_rcvd is None:
            return f"we sent {close_words(ws.close_sent)}; no close frame came back"
        if ws.close_rcvd_then_sent:
            return f"the peer closed with {close_words(ws.close_rcvd)}"
        return f"we closed with {close_words(ws.close_sent)}; the peer answered {close_words(ws.close_rcvd)}"

    def parting_args(self) -> tuple[str, str, str, str, str]:
        """How the WebSocket ended, as the disconnect notice's args after the peer and :meth:`parting_words` (the
        window says it in its language): ``how`` — ``before-handshake``, ``abnormal`` (no close frame either
        way), ``no-answer`` (ours got none back), ``peer-closed``, ``we-closed`` —, then the code and reason we
        sent and the code and reason we received (blank where there was no such frame)."""
        ws = self.ws
        sent, rcvd = ws.close_sent, ws.close_rcvd
        if not self.opened:
            how = "before-handshake"
        elif rcvd is None and sent is None:
            how = "abnormal"
        elif rcvd is None:
            how = "no-answer"
        elif ws.close_rcvd_then_sent:
            how = "peer-closed"
        else:
            how = "we-closed"
        return (how, str(sent.code) if sent is not None else "", sent.reason if sent is not None else "",
                str(rcvd.code) if rcvd is not None else "", rcvd.reason if rcvd is not None else "")


def record_message(session: Session, peer: Address, data: bytes, counts: Counts, flags: int) -> None:
    """The receive hot path for a message: exact counts (payload bytes, one packet a message) and one record."""
    n = len(data)
    total = session.counters.total
    total.rx_bytes += n
    total.rx_packets += 1
    counts.rx_bytes += n
    counts.rx_packets += 1
    session._record(Direction.RX, peer, data, flags=flags)


def frame_kind(data: bytes, text: bool, *, explicit: bool) -> bool:
    """Whether ``data`` goes as a text frame: asked for, and UTF-8 (the protocol's rule). Asked for explicitly
    and not UTF-8: refused in words; asked for by the session's text mode: a binary frame."""
    if not text:
        return False
    try:
        data.decode()
    except UnicodeDecodeError:
        if explicit:
            raise UnencodableText("a text frame must be UTF-8 and this is not; send it as a binary frame (hex "
                                  "mode); nothing was sent") from None
        return False
    return True


def text_frame(data: bytes, hex_mode: bool, encoding: str) -> bool:
    """Whether a payload made with its own format goes as a text frame (a quick command, an auto-reply, a
    sequence step on a WebSocket page, whatever the page's send mode): made from text (not hex) in UTF-8, and
    UTF-8 — the protocol's rule for text frames; else a binary frame."""
    if hex_mode or encoding.replace("_", "-").lower() not in ("utf-8", "utf8"):
        return False
    try:
        data.decode()
    except UnicodeDecodeError:
        return False
    return True


def subprotocol_list(value: str | Sequence[str]) -> list[Subprotocol]:
    """``"chat, json"`` or a list, as the names (blank ones dropped)."""
    items = value.split(",") if isinstance(value, str) else list(value)
    return [Subprotocol(s.strip()) for s in items if s.strip()]
