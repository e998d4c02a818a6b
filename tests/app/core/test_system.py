"""app/system.py: each Linux fast path and its portable fallback give the same answers on real sockets."""

from __future__ import annotations

import asyncio
import socket
import struct
from collections.abc import Iterator

import pytest

from app.core import system


@pytest.fixture
def pairs() -> Iterator[list[tuple[socket.socket, socket.socket]]]:
    """Four connected loopback TCP pairs (server side non-blocking, as asyncio keeps them)."""
    made: list[tuple[socket.socket, socket.socket]] = []
    with socket.create_server(("127.0.0.1", 0)) as srv:
        for _ in range(4):
            client = socket.create_connection(srv.getsockname())
            server, _ = srv.accept()
            server.setblocking(False)
            made.append((server, client))
    yield made
    for server, client in made:
        server.close()
        client.close()


def _wait_readable(sock: socket.socket) -> None:
    import select

    select.select([sock], [], [], 5)


def test_peers_that_left_are_counted_by_poll_and_by_peeking(pairs: list[tuple[socket.socket, socket.socket]]) -> None:
    (s0, c0), (s1, c1), (s2, c2), (s3, _c3) = pairs
    c0.close()  # finished: FIN waiting
    c1.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    c1.close()  # reset waiting
    c2.sendall(b"still here")  # data waiting: not left
    for s in (s0, s1, s2):
        _wait_readable(s)
    servers = [s0, s1, s2, s3]
    assert system.count_left(servers) == 2
    assert system.count_left_by_peeking(servers) == 2
    assert s2.recv(100) == b"still here"  # peeking took nothing


def test_readable_by_poll_and_by_select(pairs: list[tuple[socket.socket, socket.socket]]) -> None:
    (s0, c0), (s1, _c1) = pairs[:2]
    c0.sendall(b"x")
    _wait_readable(s0)
    assert system.readable(s0.fileno()) and system.readable_by_select(s0.fileno())
    assert not system.readable(s1.fileno()) and not system.readable_by_select(s1.fileno())


def test_an_arena_map_gives_back_released_pages() -> None:
    area = system.anonymous_map(16 * system.PAGE)
    area[:] = b"\xff" * len(area)
    system.release_pages(area, 4 * system.PAGE, 12 * system.PAGE)
    released = area[4 * system.PAGE:]
    # Linux: MADV_DONTNEED on a private map reads back zeros; where there is no madvise the bytes stay
    assert released == bytes(len(released)) or system._DONTNEED is None
    area.close()


def test_files_limit_and_heap_trim_never_fail() -> None:
    limits = system.files_limit()
    assert limits is None or limits[0] <= limits[1]
    assert system.trim_heap() in (True, False)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
        assert system.keep_udp_receiving(udp) is system.WINDOWS


async def test_wait_readable_on_a_pipe_and_a_timeout() -> None:
    import multiprocessing

    parent, child = multiprocessing.Pipe()
    assert not await system.wait_readable(parent.fileno(), parent.poll, 0.05)
    asyncio.get_running_loop().call_soon(child.send, "hi")
    assert await system.wait_readable(parent.fileno(), parent.poll, 5)
    assert parent.recv() == "hi"
    parent.close()
    child.close()
