"""The receive view over the whole history: scroll, find, toggles, filters, idle-gap frames by time, summarised
transfers; the client list and UDP under load. Real sockets and peer processes, the real window."""

from __future__ import annotations

import asyncio
import json
import re
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QAbstractButton, QCheckBox, QComboBox, QLineEdit

from app.net.sessions.tcp_server import MAX_FINISHED
from app.view.search import Query
from tests.ui.conftest import child, click
from tests.ui.test_window import connect_client, listen_on_loopback, page_of, udp_loop

SENDERS = Path(__file__).parents[2] / "perf" / "senders.py"
PEERS = Path(__file__).parents[2] / "peers"


def sender(*args: object) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, str(SENDERS), *(str(a) for a in args)], stdout=subprocess.PIPE,
                            stdin=subprocess.PIPE)


def top_pos(view: Any) -> int:
    """The store position of the record at the top of the view."""
    item, _k = view.layout.items.locate(view.verticalScrollBar().value())
    return view.layout.items.pos(item)


def test_a_4_mib_flood_is_all_reachable_findable_and_toggles_in_place(make_window: Any, qtbot: Any) -> None:
    count = 4 * 1024 * 1024 // 32
    w = make_window()
    page = page_of(w, "tcp-server")
    view = child(page, "receiveView")
    port = listen_on_loopback(qtbot, page)
    proc = sender("lines", "127.0.0.1", port, count)
    try:
        qtbot.waitUntil(lambda: page.session.counters.total.rx_bytes == count * 32, timeout=30000)
        assert proc.wait(timeout=20) == 0
    finally:
        proc.kill()
    page.flush()
    bar = view.verticalScrollBar()
    assert bar.value() == bar.maximum()  # following the tail
    assert f"message {count - 1:010d}" in view.visibleText()
    bar.setValue(0)
    assert "message 0000000000 " in view.visibleText()  # the first line of the history, on screen
    # find a line from the first MiB, from the end of the history (wraps)
    bar.setValue(bar.maximum() - 10)
    view.start_find(Query("message 0000012345 "))
    qtbot.waitUntil(lambda: view.current_match >= 0, timeout=5000)
    assert "message 0000012345 " in view.visibleText()
    assert view.selectedText() == "message 0000012345 "
    # hex: the view stays on the same record
    before = top_pos(view)
    child(page, "receiveHex", QCheckBox).setChecked(True)
    page.flush()
    assert top_pos(view) == before
    assert "6D 65 73 73 61 67 65" in view.visibleText().replace("\n", " ")  # "message" in hex


def test_peer_filter_text_filter_regex_and_invert(make_window: Any, qtbot: Any, run: Any) -> None:
    w = make_window()
    page = page_of(w, "tcp-server")
    port = listen_on_loopback(qtbot, page)

    async def clients() -> list[int]:
        ports = []
        for name in ("alpha", "beta", "gamma"):
            _, writer = await asyncio.open_connection("127.0.0.1", port)
            ports.append(writer.get_extra_info("sockname")[1])
            for k in range(3):
                writer.write(f"{name} temp={20 + k}\r\n".encode())
                await writer.drain()
            writer.write(f"{name} done\r\n".encode())
            await writer.drain()
        return ports

    ports = run(clients())
    qtbot.waitUntil(lambda: page.session.counters.total.rx_bytes >= 3 * (3 * 14 + 11), timeout=5000)
    child(page, "framingBox", QComboBox).setCurrentIndex(child(page, "framingBox", QComboBox).findData("delimiter"))
    page.flush()
    beta = f"127.0.0.1:{ports[1]}"
    peers = child(page, "peerFilter", QComboBox)
    qtbot.waitUntil(lambda: peers.findData(beta) > 0, timeout=3000)
    peers.setCurrentIndex(peers.findData(beta))
    page.flush()
    text = page.receive_view.toPlainText()
    assert "beta temp=20" in text and "alpha" not in text and "gamma" not in text
    assert f"{beta} connected" in text
    peers.setCurrentIndex(0)
    regex = child(page, "textFilterRegex", QAbstractButton)
    regex.setChecked(True)
    child(page, "textFilter", QLineEdit).setText(r"temp=2[02]")
    qtbot.waitUntil(lambda: page.receive_view.filter.text == r"temp=2[02]", timeout=3000)
    page.flush()
    text = page.receive_view.toPlainText()
    assert text.count("temp=20") == 3 and text.count("temp=22") == 3 and "temp=21" not in text and "done" not in text
    child(page, "textFilterInvert", QAbstractButton).setChecked(True)
    page.flush()
    text = page.receive_view.toPlainText()
    assert "temp=20" not in text and text.count("temp=21") == 3 and text.count("done") == 3
    direction = child(page, "directionFilter", QComboBox)
    direction.setCurrentIndex(direction.findData("notice"))
    page.flush()
    assert "RX from" not in page.receive_view.toPlainText()


def test_idle_gap_shows_the_last_message_by_time_with_its_own_arrival_time(make_window: Any, qtbot: Any) -> None:
    w = make_window()
    page = page_of(w, "tcp-server")
    box = child(page, "framingBox", QComboBox)
    box.setCurrentIndex(box.findData("idle"))
    child(page, "idleMs").setValue(100)
    port = listen_on_loopback(qtbot, page)
    sock = socket.create_connection(("127.0.0.1", port))
    try:
        sock.sendall(b"first part ")
        qtbot.waitUntil(lambda: page.session.counters.total.rx_bytes == 11, timeout=3000)
        first_ms = page.session.store[-1].time_ms
        sock.sendall(b"and the rest")
        qtbot.waitUntil(lambda: page.session.counters.total.rx_bytes == 23, timeout=3000)
        arrived = time.perf_counter()
        view = page.receive_view
        # nothing else arrives: the message must show once the gap has passed, by time alone
        qtbot.waitUntil(lambda: "first part and the rest" in view.visibleText(), timeout=3000)
        assert time.perf_counter() - arrived < 0.100 + 0.150
        from app.view.render import format_time

        assert f"[{format_time(first_ms)}] RX from" in view.visibleText()
        assert "1970" not in view.toPlainText()
    finally:
        sock.close()


def test_a_5_mib_file_send_is_one_summary_line_and_every_byte_is_kept(make_window: Any, qtbot: Any,
                                                                      tmp_path: Path) -> None:
    data = bytes(range(256)) * (5 * 4096)
    path = tmp_path / "firmware.bin"
    path.write_bytes(data)
    proc = subprocess.Popen([sys.executable, str(PEERS / "upload_receiver.py")], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        port = int(proc.stdout.readline())
        w = make_window()
        page = page_of(w, "tcp-client")
        page.start_logging(str(tmp_path / "upload.log"))
        connect_client(qtbot, page, port)
        header = child(page, "fileHeader", QComboBox)
        header.setCurrentIndex(header.findData("4-big"))
        task = page.send_file(str(path))
        qtbot.waitUntil(task.done, timeout=30000)
        assert json.loads(proc.stdout.readline())["size"] == len(data)
        page.flush()
        shown = page.receive_view.visibleText()
        assert len(re.findall(r"file, 5,242,884 bytes", shown)) == 1
        assert "00 50 00 00" in shown or "\\x00P\\x00\\x00" in shown  # the header's first bytes
        sent = b"".join(r.data for r in page.session.store if r.direction.value == "tx")
        assert sent == len(data).to_bytes(4, "big") + data
        page.stop_logging()
        from app.export.logs import load_jsonl

        logged = b"".join(r.data for r in load_jsonl(tmp_path / "upload.jsonl") if r.direction.value == "tx")
        assert logged == sent
    finally:
        proc.kill()
        proc.wait()


@pytest.fixture
def settled_heap() -> Any:
    """The heap as the app has it once its window is up (ui.main.settle_heap): what the earlier tests left is
    not walked by every full collection."""
    import gc

    from ui.main import settle_heap

    settle_heap()
    yield
    gc.unfreeze()


def test_a_thousand_clients_connect_and_the_window_keeps_answering(make_window: Any, qtbot: Any,
                                                                  settled_heap: Any) -> None:
    from tests.perf.senders import raise_fd_limit

    raise_fd_limit()
    w = make_window()
    page = page_of(w, "tcp-server")
    port = listen_on_loopback(qtbot, page)
    late: list[float] = []
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        late.append((now - last[0]) * 1000 - 10)
        last[0] = now

    probe = QTimer()
    probe.setInterval(10)
    probe.timeout.connect(tick)
    probe.start()
    proc = sender("connect", "127.0.0.1", port, 1000)
    try:
        qtbot.waitUntil(lambda: len(page.session.peers) == 1000, timeout=20000)
        model = child(page, "clientList").model()
        qtbot.waitUntil(lambda: model.rowCount() == 1000, timeout=5000)
        probe.stop()
        # never frozen (it was 5.5 s before the model-based list); the real target (max <= 150 ms, p99 <= 50)
        # is measured by bench_ui_clients: speed is not asserted in CI, where other work shares the machine
        assert max(late) < 1000, max(late)
        assert page.clients.title() == "Clients (1,000)"
        assert child(page, "sendTarget", QComboBox).count() == 1001
    finally:
        probe.stop()
        assert proc.stdin is not None
        proc.stdin.close()
        proc.wait(timeout=20)
    # they finished sending (their FINs): the newest MAX_FINISHED stay (greyed) for replies, the others are
    # closed; kicked all at once, the list empties
    clients = child(page, "clientList")
    model = clients.model()
    qtbot.waitUntil(lambda: len(model.rows) == MAX_FINISHED and all(r.finished for r in model.rows), timeout=20000)
    clients.selectAll()
    click(qtbot, child(page, "kickButton"))
    qtbot.waitUntil(lambda: clients.model().rowCount() == 0, timeout=20000)


def test_a_burst_of_5000_datagrams_loses_none_when_the_buffer_is_granted(make_window: Any, qtbot: Any) -> None:
    w = make_window()
    page = page_of(w, "udp")
    port = udp_loop(qtbot, page)
    granted = page.session.recv_buffer_granted
    if granted < 1024 * 1024:
        pytest.skip(f"the kernel granted a {granted:,}-byte receive buffer (needs privileges for more)")
    proc = sender("udp", "127.0.0.1", port, 10_000_000, 0.0005)  # 5,000 datagrams, as fast as it can
    assert proc.stdout is not None
    sent = json.loads(proc.stdout.readline())["sent"]
    proc.wait(timeout=20)
    assert sent == 5000
    qtbot.waitUntil(lambda: page.session.counters.total.rx_packets == 5000, timeout=10000)
    assert "granted" in page.state_label.toolTip()


def test_the_filter_and_find_run_a_regex_in_linear_time_on_peer_data(make_window: Any, qtbot: Any) -> None:
    from tests.ui.test_window import type_and_send, udp_loop

    w = make_window()
    page = page_of(w, "udp")
    udp_loop(qtbot, page)
    type_and_send(qtbot, page, "a" * 40 + "!")
    qtbot.waitUntil(lambda: page.session.counters.total.rx_bytes == 41, timeout=5000)
    page.flush()
    child(page, "textFilterRegex", QAbstractButton).setChecked(True)
    field = child(page, "textFilter", QLineEdit)
    field.setText("(a+)+b")  # (Python's re backtracked for ever on this: the window froze)
    qtbot.waitUntil(lambda: page.receive_view.filter.text == "(a+)+b", timeout=3000)
    page.flush()
    assert "aaaa" not in page.receive_view.toPlainText()
    field.setText(r"(a)\1")  # only backtracking can run it: refused in words, the filter is off
    qtbot.waitUntil(lambda: "needs backtracking" in field.toolTip(), timeout=3000)
    page.flush()
    assert "aaaa" in page.receive_view.toPlainText()
    bar = page.receive.find_bar
    bar.edit.setText("(a+)+b")
    bar.mode.setCurrentIndex(bar.mode.findData("regex"))
    bar.find()
    qtbot.waitUntil(lambda: page.receive_view.finder is not None and page.receive_view.finder.done, timeout=5000)
    assert page.receive_view.finder.matches == []
    bar.edit.setText(r"(?<=a)!")
    bar.mode.setCurrentIndex(bar.mode.findData("regex"))
    assert not bar.find() and "needs backtracking" in bar.status.text()
def test_the_text_filter_shows_the_lines_that_match_and_line_end_framing_cuts_newline_lines(
        make_window: Any, qtbot: Any) -> None:
    """Lines sent in bursts (\\n-only, as Python and Linux programs send them): filtering "ERR" shows exactly the
    lines with ERR, under their reads' headers; the delimiter framing's default, a line end, makes a line a
    message."""
    w = make_window()
    page = page_of(w, "tcp-server")
    child(page, "logMode", QCheckBox).setChecked(True)
    port = listen_on_loopback(qtbot, page)
    lines = [f"{'ERR' if k % 5 == 0 else 'ok '} {k:03d}" for k in range(160)]
    with socket.create_connection(("127.0.0.1", port)) as s:
        for i in range(0, 160, 16):
            s.sendall("".join(f"{x}\n" for x in lines[i:i + 16]).encode())
            qtbot.waitUntil(lambda i=i: page.session.counters.total.rx_bytes == 8 * (i + 16), timeout=5000)
    errors = [x for x in lines if "ERR" in x]
    child(page, "textFilter", QLineEdit).setText("ERR")
    qtbot.waitUntil(lambda: page.receive_view.filter.text == "ERR", timeout=3000)
    page.flush()
    shown = page.receive_view.toPlainText().splitlines()
    assert [x for x in shown if not x.startswith("[")] == errors
    assert all("RX from" in x for x in shown if x.startswith("[") and "*" not in x)
    child(page, "textFilterInvert", QAbstractButton).setChecked(True)
    page.flush()
    body = [x for x in page.receive_view.toPlainText().splitlines() if not x.startswith("[")]
    assert body == [x for x in lines if "ERR" not in x]
    child(page, "textFilterInvert", QAbstractButton).setChecked(False)
    child(page, "textFilter", QLineEdit).clear()
    framing = child(page, "framingBox", QComboBox)
    framing.setCurrentIndex(framing.findData("delimiter"))
    assert "Line end" in child(page, "framingDelimiter", QComboBox).currentText()
    qtbot.waitUntil(lambda: page.receive_view.filter.text == "", timeout=3000)
    page.flush()
    shown = page.receive_view.toPlainText().splitlines()
    assert len([x for x in shown if "RX from" in x]) == 160  # a message a line


def test_the_columns_do_not_follow_the_scroll_bar_so_a_filter_over_a_long_history_lays_out_once(
        make_window: Any, qtbot: Any) -> None:
    """The scroll bar comes and goes as the estimate of the rows still to lay out changes (a filter's pass
    learns that few records show). Columns that followed it laid the store out again each time, which showed or
    hid it again: over a million records the filter never finished."""
    from app.core.records import Address
    from app.view.layout import ViewFilter

    w = make_window()
    page = page_of(w, "tcp-server")
    view = child(page, "receiveView")
    assert view.wrap
    view.setFixedWidth(600)  # (the window around it may still be settling: only the scroll bar changes here)
    store = page.session.store
    peer = Address("10.0.0.1", 40001)
    store.add(1, 1_700_000_000_000, 0, peer, b"reading 0000000 okay\r\n")
    page.flush()
    bar = view.verticalScrollBar()
    assert not bar.isVisibleTo(view)
    cols = view._cols
    for i in range(1, 60_000):
        store.add(i + 1, 1_700_000_000_000 + i, i & 1, peer, b"reading %07d temp=%02d.5 okay\r\n" % (i, i % 40))
    page.flush()
    qtbot.waitUntil(lambda: bar.isVisibleTo(view) and not view._resized.isActive())
    assert view._cols == cols  # the bar came: the columns stayed
    relayouts = 0
    relayout = view.relayout

    def counted() -> None:
        nonlocal relayouts
        relayouts += 1
        relayout()

    view.relayout = counted
    view.set_filter(ViewFilter(text="reading 0000042 "))
    qtbot.waitUntil(lambda: view.layout.done, timeout=20000)
    assert relayouts == 1 and view.layout.items.end - view.layout.items.first == 1
    # one message shown: no bar, the columns as they were
    qtbot.waitUntil(lambda: not bar.isVisibleTo(view) and not view._resized.isActive())
    assert view._cols == cols and relayouts == 1
