"""WebSocket server session (kind ``ws-server``): a TCP server (many clients, client limit, TLS, send to one or
all, kick) whose clients speak WebSocket. A client is listed once its opening handshake succeeded (on ``path``
if one is set, with a subprotocol the server accepts); each message is one record."""

from __future__ import annotations

import http
from collections.abc import Sequence

from websockets.extensions.permessage_deflate import enable_server_permessage_deflate
from websockets.http11 import Request, Response
from websockets.server import ServerProtocol

from app.core.errors import NetAssistError, NoTarget, WsHandshakeFailed
from app.core.records import DEFAULT_STORE_BYTES, FLAG_TEXT, Address, Counts, Record
from app.net.session import DEFAULT_SEND_LIMIT, CloseReason, ErrorOccurred, PeerConnected, PeerDisconnected, State
from app.net.sessions.tcp_server import DEFAULT_CLIENT_LIMIT, TcpServerSession
from app.net.stream import Stream, note_handshake, stop_listening
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


class WsServerSession(TcpServerSession):
    """Listens on ``host:port`` (port 0 picks one; see ``local_address``) and serves many WebSocket clients."""

    kind = "ws-server"
    messages = True

    def __init__(self, host: str = "0.0.0.0", port: int = 0, *, path: str = "",
                 subprotocols: str | Sequence[str] = (), deflate: bool = True, max_message: int = DEFAULT_MAX_MESSAGE,
                 text_mode: bool = True, client_limit: int = DEFAULT_CLIENT_LIMIT,
                 store_limit: int = DEFAULT_STORE_BYTES, send_limit: int = DEFAULT_SEND_LIMIT,
                 tls: TlsOptions | None = None):
        super().__init__(host, port, client_limit=client_limit, store_limit=store_limit, send_limit=send_limit,
                         tls=tls)
        #: The path clients must ask for (``/ws``; the query is not compared); blank: any path.
        self.path = path
        #: Subprotocols accepted, in order of preference (a client must then offer one of them); none: any client,
        #: no subprotocol.
        self.subprotocols = subprotocol_list(subprotocols)
        #: Accept per-message deflate when a client offers it.
        self.deflate = deflate
        #: Largest message taken in; a larger one closes that client's connection with 1009.
        self.max_message = max_message
        #: What ``send(data)`` sends when ``text`` is not given (see WsClientSession.text_mode).
        self.text_mode = text_mode
        #: Connections whose opening handshake is under way (they count against the client limit).
        self._handshaking: set[WsStream] = set()
        #: The frame kind of the send under way (read by WsStream.write, which TcpServerSession's send calls).
        self._frame_text = False

    # ---------------------------------------------------------------------------- lifecycle
    async def open(self) -> None:
        await super().open()
        if self.state is State.OPEN and self.local_address is not None:
            scheme = "wss" if self._tls_accept is not None else "ws"
            url = f"{scheme}://{self.local_address}{self.path or '/'}"
            self.notice("ws-listening", f"WebSocket server at {url}" + ("" if self.path else " (any path)"),
                        args=(url, self.path))

    def _new_stream(self) -> Stream:
        protocol = ServerProtocol(subprotocols=self.subprotocols or None,
                                  extensions=[enable_server_permessage_deflate(None)[0]] if self.deflate else None,
                                  max_size=self.max_message)
        return WsStream(self, protocol)

    async def close(self) -> None:
        """Stop listening; every client gets a close frame (1001, going away) and handshakes under way end."""
        if self._server is None:
            return
        server, self._server = self._server, None
        self._refusals.cancel()
        for stream in list(self._handshaking):
            stream.abort(CloseReason.SERVER_STOPPED)
        await stop_listening(server, self._tls_accept, list(self.peers.values()))
        self.notice("closed", "server stopped")
        self._set_state(State.CLOSED)

    # ------------------------------------------------------------------------- stream events
    def _stream_made(self, stream: Stream) -> None:
        assert isinstance(stream, WsStream)
        if self._server is None:
            stream.rejected = True
            stream.close(CloseReason.SERVER_STOPPED)
            return
        if self.open_peers() + len(self._handshaking) >= self.client_limit:
            stream.rejected = True
            stream.close(CloseReason.KICKED)
            self._refusals.refuse(stream.peer)
            return
        self._handshaking.add(stream)
        note_handshake(self, stream)

    def _ws_request(self, stream: WsStream, request: Request) -> None:
        ws = stream.ws
        assert isinstance(ws, ServerProtocol)
        asked = request.path.partition("?")[0]
        if self.path and asked != self.path:
            ws.handshake_exc = WsHandshakeFailed(f"it asked for {asked}; this server serves {self.path}")
            response = ws.reject(http.HTTPStatus.NOT_FOUND, f"No WebSocket at {asked}; try {self.path}.\n")
        else:
            response = ws.accept(request)
        ws.send_response(response)
        got = headers_text(f"{request.method} {request.path} HTTP/1.1", request.headers, "<")
        sent = headers_text(f"HTTP/1.1 {response.status_code} {response.reason_phrase}", response.headers, ">")
        peer = str(stream.peer)
        if response.status_code != 101:
            status = f"{response.status_code} {response.reason_phrase}"
            error = WsHandshakeFailed(f"{peer}: WebSocket handshake refused with {status}: {ws.handshake_exc}")
            stream.rejected = True
            self._handshaking.discard(stream)
            self.notice("ws-handshake-failed", f"{error}\n{got}\n{sent}", stream.peer, error.code,
                        args=(peer, status, str(error), got, sent))
            self._emit(ErrorOccurred(error))
            return
        stream._opened()
        self._handshaking.discard(stream)
        if self._server is None or stream.is_closing:
            return
        self.peers[stream.peer] = stream
        self.counters.peers[stream.peer] = stream.counts
        agreed = "".join([f", subprotocol {stream.subprotocol}" if stream.subprotocol else "",
                          f", extensions {stream.extensions}" if stream.extensions else ""])
        self.notice("peer-connected", f"{peer} connected (WebSocket on {request.path}{agreed})", stream.peer,
                    args=(peer,))
        self.notice("ws-handshake", f"{peer} opened a WebSocket on {request.path}{agreed}\n{got}\n{sent}",
                    stream.peer, args=(peer, request.path, stream.subprotocol, stream.extensions, got, sent))
        self._emit(PeerConnected(stream.peer))

    def _ws_response(self, stream: WsStream, response: Response, error: NetAssistError | None) -> None:
        return  # (a client's event)

    def _ws_message(self, stream: WsStream, data: bytes, text: bool) -> None:
        record_message(self, stream.peer, data, stream.counts, FLAG_TEXT if text else 0)
        if self.broker:
            self._frame_text = text
            try:
                self._forward(stream.peer, data)
            finally:
                self._frame_text = False

    def _sent(self, peer: Address | None, data: bytes, counts: Counts | None, flags: int = 0) -> Record:
        # (broker forwards and sends both end here: the record says the frame kind that went)
        return super()._sent(peer, data, counts, flags | (FLAG_TEXT if self._frame_text else 0))

    def _ws_notice(self, stream: WsStream, kind: str, text: str, args: tuple[str, ...], detail: str = "") -> None:
        if stream.opened and self.peers.get(stream.peer) is stream:
            self.notice(kind, text, stream.peer, detail, args)

    def _ws_error(self, stream: WsStream, error: NetAssistError) -> None:
        self.notice("error", str(error), stream.peer, error.code, args=(str(stream.peer), str(error)))
        self._emit(ErrorOccurred(error))

    def _stream_lost(self, stream: Stream, reason: CloseReason, error: NetAssistError | None) -> None:
        assert isinstance(stream, WsStream)
        if stream in self._handshaking:
            self._handshaking.discard(stream)
            if not stream.rejected and self._server is not None:
                self.notice("ws-handshake-failed", f"{stream.peer} left before its WebSocket handshake finished",
                            stream.peer, "ws-handshake", args=(str(stream.peer),))
            return
        if stream.rejected or self.peers.get(stream.peer) is not stream:
            return
        del self.peers[stream.peer]
        if self.counters.peers.get(stream.peer) is stream.counts:
            del self.counters.peers[stream.peer]
        words = stream.parting_words()
        self.notice("peer-disconnected", f"{stream.peer} disconnected: {reason.text}; {words}", stream.peer,
                    reason.value, args=(str(stream.peer), words, *stream.parting_args()))
        self._emit(PeerDisconnected(stream.peer, reason, error or stream.protocol_error))

    # ------------------------------------------------------------------------------- actions
    def send(self, data: bytes, to: Address | None = None, *, text: bool | None = None, flags: int = 0,
             skip_stalled: bool = False) -> list[Record]:
        """One message to one client or to all (see TcpServerSession.send for who is refused and how): a text
        frame (``text``; default ``text_mode``; data that is not UTF-8 then goes as binary) or a binary one."""
        self._frame_text = frame_kind(data, self.text_mode if text is None else text, explicit=text is not None)
        try:
            return super().send(data, to, flags=flags, skip_stalled=skip_stalled)
        finally:
            self._frame_text = False

    def ping(self, payload: bytes | None = None, to: Address | None = None) -> bytes:
        """A ping to one client or to all; each pong's round-trip time comes as a notice."""
        streams = self._target_streams(to)
        if not streams:
            raise NoTarget("no client is connected; nothing was sent")
        for stream in streams:
            assert isinstance(stream, WsStream)
            payload = stream.ping(payload)
        assert payload is not None
        where = str(to) if to is not None else f"{len(streams):,} client{'s' if len(streams) > 1 else ''}"
        self.notice("ws-ping-sent", f"ping to {where} ({len(payload):,} bytes)", to, args=(where, str(len(payload))))
        return payload

    def kick(self, peer: Address, code: int = CLOSE_NORMAL, reason: str = "") -> None:
        """Close one client's WebSocket (our close frame with ``code`` and ``reason``; reason: kicked)."""
        stream = self.peers.get(peer)
        if not isinstance(stream, WsStream):
            raise NoTarget(f"client {peer} is not connected")
        stream.close_ws(code, reason or CloseReason.KICKED.text, CloseReason.KICKED)
