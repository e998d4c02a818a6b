"""The window says what the kernel dropped (issue 20, item 11): every UDP page and UDP relay page shows
``kernelDropped``, and a relay page keeps up with a stream of new sources with nothing lost beyond what the
kernel reports. Real sockets on loopback, a real sender process, the window offscreen."""

from __future__ import annotations

import json
import re
import socket
from typing import Any

from PySide6.QtWidgets import QLabel, QSpinBox

from tests.app.net.test_udp_drops import BURST, burst
from tests.conftest import linux_only
from tests.ui.conftest import child
from tests.ui.receive.test_receive_view import sender
from tests.ui.test_window import listen_on_loopback, page_of
from tests.ui.test_workbench_window import workbench_page


def shown(label: QLabel) -> int | None:
    """The number a drop label shows (None: "unknown")."""
    digits = re.search(r"\d[\d,]*", label.text())
    return int(digits.group().replace(",", "")) if digits else None


@linux_only
def test_a_udp_page_shows_what_the_kernel_dropped_and_says_it(make_window: Any, qtbot: Any) -> None:
    w = make_window()
    page = page_of(w, "udp")
    child(page, "recvBuffer", QSpinBox).setValue(4)  # KiB: a burst overflows it
    port = listen_on_loopback(qtbot, page)
    label = child(page, "kernelDropped", QLabel)
    assert shown(label) == 0
    burst(page.session.local_address)  # (the loop does not run meanwhile: nobody reads)
    counters = page.session.counters
    qtbot.waitUntil(lambda: counters.total.rx_packets + (counters.kernel_dropped or 0) == BURST, timeout=5000)
    assert counters.kernel_dropped > 0 and port
    qtbot.waitUntil(lambda: shown(label) == counters.kernel_dropped, timeout=5000)
    page.flush()
    assert "kernel dropped" in page.receive_view.toPlainText()


@linux_only
def test_a_udp_relay_page_shows_both_drop_counts(make_window: Any, qtbot: Any) -> None:
    target = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    target.bind(("127.0.0.1", 0))
    w = make_window()
    page = workbench_page(w, "actionNewUdpRelay", target.getsockname()[1])
    page.session.recv_buffer = 4096
    listen_on_loopback(qtbot, page)
    try:
        assert shown(child(page, "relayDropped", QLabel)) == 0
        burst(page.session.local_address)
        counters = page.session.counters
        qtbot.waitUntil(lambda: counters.total.rx_packets + (counters.kernel_dropped or 0) == BURST, timeout=5000)
        assert counters.kernel_dropped > 0
        qtbot.waitUntil(lambda: shown(child(page, "kernelDropped", QLabel)) == counters.kernel_dropped,
                        timeout=5000)
    finally:
        target.close()


@linux_only
def test_a_relay_page_keeps_up_with_new_sources_and_loses_nothing_unsaid(make_window: Any, qtbot: Any) -> None:
    """2,000 new sources a second for 2 s (each a socket of its own, so each a new mapping, past the table's
    1,024): every datagram is relayed or counted as dropped by the kernel. (Before, at 3,000-5,000 a second a
    third was lost and nothing said so; how fast it keeps up is measured by tests/perf/bench_udp_relay_sources.py,
    not asserted where other work shares the machine.)"""
    target = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)  # (never read: only the relay's side counts)
    target.bind(("127.0.0.1", 0))
    w = make_window()
    page = workbench_page(w, "actionNewUdpRelay", target.getsockname()[1])
    port = listen_on_loopback(qtbot, page)
    proc = sender("newsources", "127.0.0.1", port, 2000, 2)
    try:
        qtbot.waitUntil(lambda: proc.poll() is not None, timeout=20000)
        assert proc.stdout is not None
        sent = json.loads(proc.stdout.read())["sent"]
        assert sent == 4000
        counters = page.session.counters
        qtbot.waitUntil(lambda: counters.total.rx_packets + (counters.kernel_dropped or 0) == sent, timeout=10000)
        assert page.session.dropped_datagrams == 0
        page.flush()
        assert shown(child(page, "kernelDropped", QLabel)) == counters.kernel_dropped
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=10)
        target.close()
