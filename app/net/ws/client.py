"""WebSocket client session (kind ``ws-client``): a TCP client (connect timeout, local port, reconnect, TLS for
``wss://``) whose connection speaks WebSocket: the opening handshake (extra headers, subprotocols offered,
origin, per-message deflate offered), then one record per message, pings with their round-trip time, and a
closing handshake with a code and reason."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Sequence

from websockets.client import ClientProtocol
from websockets.exceptions import InvalidURI
from websockets.extensions.permessage_deflate import enable_client_permessage_deflate
from websockets.http11 import Request, Response
from websockets.typing import Origin
from websockets.uri import WebSocketURI, parse_uri

from app.core.errors import NetAssistError, TimedOut, WsBadUrl
from app.core.records import DEFAULT_STORE_BYTES, FLAG_TEXT, Address, Record
from app.net.session import DEFAULT_SEND_LIMIT, CloseReason, ErrorOccurred, PeerConnected, PeerDisconnected, State
from app.net.sessions.tcp_client import DEFAULT_CONNECT_TIMEOUT, TcpClientSession
from app.net.stream import Stream, note_handshake
from app.net.tls import TlsOptions
from app.net.ws.connection import (
    CLOSE_NORMAL,
    DEFAULT_MAX_MESSAGE,
    WsStream,
    frame_kind,
    headers_text,
    record_message,
    subprotocol_list,
)


def parse_url(url: str) -> WebSocketURI:
    """A ``ws://`` or ``wss://`` URL, or WsBadUrl in words."""
    try:
        return parse_uri(url.strip())
    except InvalidURI as exc:
        raise WsBadUrl(f"{url!r} is not a WebSocket URL (ws://HOST[:PORT]/PATH or wss://…): {exc}") from None
    except ValueError as exc:  # (a port out of range, say)
        raise WsBadUrl(f"{url!r} is not a usable WebSocket URL: {exc}") from None


class _WsClientStream(WsStream):
    """The connection of one open() (see ``TcpClientSession._generation``)."""

    def __init__(self, owner: WsClientSession, protocol: ClientProtocol, generation: int):
        super().__init__(owner, protocol)
        self.generation = generation
        #: The opening handshake's request, once sent (its headers go in the handshake's notice).
        self.request: Request | None = None


class WsClientSession(TcpClientSession):
    """Connects to ``url``. ``send(data, text=…)`` sends one message; ``ping``; ``close(code, reason)``."""

    kind = "ws-client"
    messages = True

    def __init__(self, url: str = "ws://127.0.0.1:80/", *, headers: Sequence[tuple[str, str]] = (),
                 subprotocols: str | Sequence[str] = (), origin: str = "", deflate: bool = True,
                 max_message: int = DEFAULT_MAX_MESSAGE, text_mode: bool = True, local_port: int = 0,
                 local_host: str = "", connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
                 store_limit: int = DEFAULT_STORE_BYTES, send_limit: int = DEFAULT_SEND_LIMIT,
                 reconnect: bool = False, tls: TlsOptions | None = None):
        super().__init__("", 0, local_port=local_port, local_host=local_host, connect_timeout=connect_timeout,
                         store_limit=store_limit, send_limit=send_limit, reconnect=reconnect, tls=tls)
        #: The server's URL; read at each open() (the scheme decides TLS: the ``tls`` options apply to wss://).
        self.url = url
        #: Extra handshake request headers, in order (``Authorization``, ``Cookie`` …).
        self.headers = list(headers)
        #: Subprotocols offered, in order of preference.
        self.subprotocols = subprotocol_list(subprotocols)
        #: The ``Origin`` header (blank: none, as a non-browser client sends).
        self.origin = origin
        #: Offer per-message deflate (the handshake notice says whether the server agreed).
        self.deflate = deflate
        #: Largest message taken in; a larger one closes the connection with 1009.
        self.max_message = max_message
        #: What ``send(data)`` sends when ``text`` is not given: a text frame (data that is not UTF-8 then goes as
        #: binary), or a binary frame.
        self.text_mode = text_mode
        #: The subprotocol and extensions agreed in the last handshake.
        self.subprotocol = ""
        self.extensions = ""
        self._uri: WebSocketURI | None = None
        self._frame_text = False

    # ---------------------------------------------------------------------------- lifecycle
    async def open(self) -> None:
        """Connect, then the WebSocket handshake. Raises the reason in words (a bad URL, refused, TLS, the
        server's HTTP answer …)."""
        if self.state is not State.CLOSED:
            return
        try:
            uri = self._uri = parse_url(self.url)
        except WsBadUrl as exc:
            self._set_state(State.OPENING)
            raise self._fail_open(exc) from None
        self.host, self.port = uri.host, uri.port
        self.tls = dataclasses.replace(self.tls or TlsOptions(), enabled=uri.secure)
        await super().open()

    def _new_stream(self, generation: int) -> Stream:
        assert self._uri is not None
        protocol = ClientProtocol(self._uri, origin=Origin(self.origin) if self.origin else None,
                                  extensions=[enable_client_permessage_deflate(None)[0]] if self.deflate else None,
                                  subprotocols=self.subprotocols or None,
                                  max_size=self.max_message)
        return _WsClientStream(self, protocol, generation)

    async def _connect_once(self, generation: int) -> None:
        """The TCP (and TLS) connect, then the WebSocket handshake within what is left of the connect timeout."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.connect_timeout
        await super()._connect_once(generation)
        stream = self.stream
        if not isinstance(stream, WsStream) or stream.opened:
            return
        try:
            await asyncio.wait_for(asyncio.shield(stream.handshake), max(0.1, deadline - loop.time()))
            return
        except TimeoutError:
            error: NetAssistError = TimedOut(f"WebSocket handshake with {self.url}: no answer within "
                                             f"{self.connect_timeout:g} s")
        except NetAssistError as exc:
            error = exc
        stream.abort(CloseReason.ERROR)
        raise error

    async def close(self, code: int = CLOSE_NORMAL, reason: str = "") -> None:
        """The closing handshake (our close frame with ``code`` and ``reason``), then the connection ends; a
        connect or handshake under way is cancelled."""
        stream = self.stream
        if isinstance(stream, WsStream) and stream.opened:
            stream.close_ws(code, reason)
        await super().close()

    # ------------------------------------------------------------------------- stream events
    def _stream_made(self, stream: Stream) -> None:
        if self._closing or getattr(stream, "generation", self._generation) != self._generation:
            stream.close(CloseReason.CLOSED_LOCALLY)
            return
        assert isinstance(stream, _WsClientStream) and isinstance(stream.ws, ClientProtocol)
        self.stream = stream
        assert stream.transport is not None  # (a stream is made with its transport)
        self.local_address = Address.from_sockaddr(stream.transport.get_extra_info("sockname"))
        self.counters.peers[stream.peer] = stream.counts
        self.notice("connected", f"connected to {stream.peer} from {self.local_address}", stream.peer,
                    args=(str(stream.peer), str(self.local_address)))
        note_handshake(self, stream)
        request = stream.ws.connect()
        for name, value in self.headers:
            request.headers[name] = value
        stream.request = request
        stream.ws.send_request(request)
        stream._flush()

    def _ws_request(self, stream: WsStream, request: Request) -> None:  # (a server's event)
        return

    def _ws_response(self, stream: WsStream, response: Response, error: NetAssistError | None) -> None:
        # (a response answers the request _stream_made sent on this, a client's, stream)
        assert isinstance(stream, _WsClientStream) and stream.request is not None
        request = stream.request
        sent = headers_text(f"GET {request.path} HTTP/1.1", request.headers, ">")
        got = headers_text(f"HTTP/1.1 {response.status_code} {response.reason_phrase}", response.headers, "<")
        status = f"{response.status_code} {response.reason_phrase}"
        if error is not None:
            body = response.body.decode(errors="replace").strip()[:200] if response.body else ""
            error = type(error)(f"WebSocket handshake with {self.url} failed: {error}"
                                + (f" ({body})" if body else ""))
            self.notice("ws-handshake-failed", f"{error}\n{sent}\n{got}", stream.peer, error.code,
                        args=(self.url, status, str(error), sent, got))
            stream._refused(error)
            return
        stream._opened()
        self.subprotocol, self.extensions = stream.subprotocol, stream.extensions
        agreed = "; ".join(filter(None, [f"subprotocol {self.subprotocol}" if self.subprotocol else "",
                                         f"extensions {self.extensions}" if self.extensions else ""]))
        self.notice("ws-handshake", f"WebSocket open with {self.url}: {status}"
                    + (f"; {agreed}" if agreed else "") + f"\n{sent}\n{got}", stream.peer,
                    args=(self.url, status, self.subprotocol, self.extensions, sent, got))
        self.attempts = 0
        self._emit(PeerConnected(stream.peer))
        self._set_state(State.OPEN)

    def _ws_message(self, stream: WsStream, data: bytes, text: bool) -> None:
        record_message(self, stream.peer, data, stream.counts, FLAG_TEXT if text else 0)

    def _ws_notice(self, stream: WsStream, kind: str, text: str, args: tuple[str, ...], detail: str = "") -> None:
        self.notice(kind, text, stream.peer, detail, args)

    def _ws_error(self, stream: WsStream, error: NetAssistError) -> None:
        self.notice("error", str(error), stream.peer, error.code, args=(str(stream.peer), str(error)))
        self._emit(ErrorOccurred(error))

    def _stream_lost(self, stream: Stream, reason: CloseReason, error: NetAssistError | None) -> None:
        if self.stream is not stream or not isinstance(stream, WsStream):
            return
        if not stream.opened:  # (the handshake failed or was cut: open() raises why, or tries again)
            self.stream = None
            if self.counters.peers.get(stream.peer) is stream.counts:
                del self.counters.peers[stream.peer]
            return
        self.stream = None
        if self.counters.peers.get(stream.peer) is stream.counts:
            del self.counters.peers[stream.peer]
        error = error or stream.protocol_error
        self.notice("peer-disconnected", f"disconnected from {stream.peer}: {reason.text}; {stream.parting_words()}",
                    stream.peer, reason.value, args=(str(stream.peer), stream.parting_words(), *stream.parting_args()))
        self._emit(PeerDisconnected(stream.peer, reason, error))
        if self.reconnect and reason is not CloseReason.CLOSED_LOCALLY:
            self._again(error)
            return
        self._set_state(State.CLOSED, error)

    # ------------------------------------------------------------------------------- actions
    def send(self, data: bytes, to: Address | None = None, *, text: bool | None = None, flags: int = 0) -> Record:
        """One message: a text frame (``text``; default ``text_mode``) or a binary one. Data that is not UTF-8
        goes as a binary frame when ``text`` was not asked for explicitly, and is refused when it was."""
        self._require_open()
        stream = self.stream
        assert isinstance(stream, WsStream)
        self._check_peer(to)
        text = frame_kind(data, self.text_mode if text is None else text, explicit=text is not None)
        stream.send_message(data, text)
        return self._sent(stream.peer, data, stream.counts, flags | (FLAG_TEXT if text else 0))

    def ping(self, payload: bytes | None = None) -> bytes:
        """A ping (up to 125 bytes; None: 4 random bytes); its pong's round-trip time comes as a notice."""
        self._require_open()
        assert isinstance(self.stream, WsStream)
        payload = self.stream.ping(payload)
        self.notice("ws-ping-sent", f"ping to {self.stream.peer} ({len(payload):,} bytes)", self.stream.peer,
                    args=(str(self.stream.peer), str(len(payload))))
        return payload

