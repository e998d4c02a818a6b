"""Session ▸ Open log… given the human .log, and Session ▸ Export log as pcap…, on a log the window wrote while
talking to a real loopback peer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.ui.page.test_sequence_tab import Peer
from tests.ui.test_window import connect_client, page_of, type_and_send


def logged_session(qtbot: Any, w: Any, tmp_path: Path) -> Path:
    page = page_of(w, "tcp-client")
    peer = Peer(echo=True)
    try:
        connect_client(qtbot, page, peer.port)
        text_log = tmp_path / "device.log"
        assert page.start_logging(str(text_log))
        type_and_send(qtbot, page, "hello 你好")
        qtbot.waitUntil(lambda: page.session.counters.total.rx_bytes == 12, timeout=5000)
        page.stop_logging()
    finally:
        peer.close()
    return text_log


def test_opening_the_human_log_opens_the_jsonl_beside_it_and_says_so(make_window: Any, qtbot: Any,
                                                                      tmp_path: Path) -> None:
    w = make_window()
    text_log = logged_session(qtbot, w, tmp_path)
    assert w.log_folder() == str(tmp_path.resolve())
    page = w.open_log(str(text_log))
    assert page.path.suffix == ".jsonl"
    assert "human-readable" in page.info.text() and "records" in page.info.text()
    assert "hello 你好" in page.receive_view.toPlainText()
    lonely = tmp_path / "other.log"
    lonely.write_text("12:00:00 [RX] hello\n", encoding="utf-8")
    with pytest.raises(ValueError):
        w.open_log(str(lonely))


def test_export_as_pcap_writes_a_file_and_says_what_it_holds(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    w = make_window()
    text_log = logged_session(qtbot, w, tmp_path)
    out = tmp_path / "device.pcapng"
    words = w.export_pcap(str(text_log), str(out))
    assert out.is_file() and out.read_bytes()[:4] == b"\x0a\x0d\x0d\x0a"  # a pcapng section header
    assert "packets" in words and "Wireshark" in words
    words = w.export_pcap(str(tmp_path / "nothing.log"), str(tmp_path / "x.pcapng"))
    assert "no .jsonl log beside it" in words


def test_exporting_runs_off_the_window_thread_and_a_saved_view_replaces_its_file(make_window: Any, qtbot: Any,
                                                                                 run: Any, tmp_path: Path) -> None:
    w = make_window()
    text_log = logged_session(qtbot, w, tmp_path)
    out = tmp_path / "a.pcapng"
    words = run(w.export_pcap_async(str(text_log), str(out)))
    assert "packets" in words and out.is_file()
    page = w.open_log(str(text_log))
    saved = tmp_path / "view.jsonl"
    saved.write_text("old line\n" * 100, encoding="utf-8")
    n = w.save_view(page, str(saved))
    assert len(saved.read_text(encoding="utf-8").splitlines()) == n  # replaced, not appended to
