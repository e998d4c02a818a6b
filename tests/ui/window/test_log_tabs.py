"""Log tabs are kept between starts: the same files, in the same place among the session tabs, with their
view options; a log that is gone (or unreadable) at the next start is left out with a warning in the window."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox

from tests.ui.conftest import child
from tests.ui.test_window import page_of, type_and_send, udp_loop, view_text
from tests.ui.window.test_settings_robust import write_settings


def tab_kinds(w: Any) -> list[str]:
    return [w.tabs.widget(i).property("kind") for i in range(w.tabs.count())]


def close_window(qtbot: Any, w: Any) -> None:
    """Close as the user does: the sessions stop, the settings are saved, then ``closed``."""
    with qtbot.waitSignal(w.closed, timeout=10_000):
        w.close()


def test_open_log_tabs_come_back_after_a_restart(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    settings = tmp_path / "settings.ini"
    w = make_window(settings)
    page = page_of(w, "udp")
    udp_loop(qtbot, page)
    type_and_send(qtbot, page, "first 你好")
    qtbot.waitUntil(lambda: "RX from 127.0.0.1:" in view_text(page), timeout=5000)
    page.bridge.flush_now()
    first, second = tmp_path / "first.jsonl", tmp_path / "logs" / "second.jsonl"
    second.parent.mkdir()
    assert w.save_view(page, str(first)) > 0 and w.save_view(page, str(second)) > 0

    log_a = w.open_log(str(first))
    w.open_log(str(second))
    # the first log goes between the server and the client tab; the second stays last
    w.tabs.tabBar().moveTab(w.tabs.indexOf(log_a), 1)
    assert tab_kinds(w) == ["tcp-server", "log", "tcp-client", "udp", "log"]
    child(log_a, "receiveHex", QCheckBox).setChecked(True)
    log_a.set_encoding("gbk")
    w.tabs.setCurrentWidget(log_a)
    expected = view_text(log_a)
    close_window(qtbot, w)

    w2 = make_window(settings)
    assert tab_kinds(w2) == ["tcp-server", "log", "tcp-client", "udp", "log"]
    again_a, again_b = w2.tabs.widget(1), w2.tabs.widget(4)
    assert (again_a.path, again_b.path) == (first, second)
    assert w2.tabs.currentWidget() is again_a
    assert child(again_a, "receiveHex", QCheckBox).isChecked()
    assert child(again_a, "encodingBox", QComboBox).currentData() == "gbk"
    assert not child(again_b, "receiveHex", QCheckBox).isChecked()
    assert view_text(again_a) == expected and "first" in view_text(again_b)
    assert not w2.banner.isVisibleTo(w2)

    # a log deleted since: the others come back, the window says which one did not
    second.unlink()
    close_window(qtbot, w2)
    w3 = make_window(settings)
    assert tab_kinds(w3) == ["tcp-server", "log", "tcp-client", "udp"]
    assert w3.tabs.widget(1).path == first
    assert w3.banner.isVisibleTo(w3)
    assert str(second) in w3.banner.text.text() and "no longer exists" in w3.banner.text.text()


def test_log_tabs_that_cannot_be_opened_again_are_left_out_with_words(make_window: Any, tmp_path: Path) -> None:
    good = tmp_path / "good.jsonl"
    good.write_text("", encoding="utf-8")
    binary = tmp_path / "binary.jsonl"
    binary.write_bytes(b"\xff\xfe\x00garbage\n" * 10)
    path = tmp_path / "settings.ini"
    write_settings(path, {
        "tabs": json.dumps([
            {"kind": "log", "path": str(tmp_path / "gone.jsonl")},
            {"kind": "tcp-client"},
            {"kind": "log", "path": str(binary)},
            {"kind": "log", "path": str(tmp_path)},  # a folder
            {"kind": "log", "path": 42},
            {"kind": "log", "path": str(good), "settings": {"encoding": "klingon", "receive_hex": "maybe"}},
        ]),
        "current_tab": 5,
    })
    w = make_window(path)  # opens
    assert tab_kinds(w) == ["tcp-client", "log"]
    assert w.tabs.currentIndex() == 1  # the saved current tab is the good log, now the second tab
    log = w.tabs.widget(1)
    assert child(log, "encodingBox", QComboBox).currentData() == "utf-8"
    text = w.banner.text.text() + w.banner.toolTip()
    for words in ("gone.jsonl", "no longer exists", "binary.jsonl", "cannot be read", "42", "encoding",
                  "receive_hex"):
        assert words in text, words


def test_only_missing_logs_still_opens_a_usable_window(make_window: Any, tmp_path: Path) -> None:
    path = tmp_path / "settings.ini"
    write_settings(path, {"tabs": json.dumps([{"kind": "log", "path": str(tmp_path / "gone.jsonl")}])})
    w = make_window(path)
    assert tab_kinds(w) == ["tcp-server", "tcp-client", "udp"]
    assert "gone.jsonl" in w.banner.text.text()


def test_a_saved_log_with_bad_lines_opens_with_them_named_and_the_window_starts(make_window: Any,
                                                                                tmp_path: Path) -> None:
    from tests.app.export.test_logs import write_bad_log

    bad = tmp_path / "bad.jsonl"
    write_bad_log(bad)
    path = tmp_path / "settings.ini"
    write_settings(path, {"tabs": json.dumps([{"kind": "log", "path": str(bad)}, {"kind": "tcp-client"}])})
    w = make_window(path)
    assert tab_kinds(w) == ["log", "tcp-client"]
    log = w.tabs.widget(0)
    assert log.store.tail - log.store.head == 2
    info = log.info.text()
    assert "6 lines" in info and "line 2: peer is not an address" in info
    banner = w.banner.text.text()
    assert "bad.jsonl" in banner and "line 3: t is not a whole number" in banner
    # Open log (the menu's path) says it too, and does not raise
    again = w.open_log_reporting(str(bad))
    assert again is not None and "line 2" in again.info.text()


def test_a_saved_log_tab_on_a_fifo_or_a_device_is_refused_in_words_and_the_window_starts(
        make_window: Any, tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "pipe.jsonl"
    os.mkfifo(fifo)
    path = tmp_path / "settings.ini"
    write_settings(path, {"tabs": json.dumps([{"kind": "log", "path": str(fifo)},
                                              {"kind": "log", "path": "/dev/zero"}, {"kind": "udp"}])})
    w = make_window(path)  # (before: start-up blocked on the FIFO for good; /dev/zero ran out of memory)
    assert tab_kinds(w) == ["udp"]
    text = w.banner.text.text()
    assert "pipe.jsonl" in text and "FIFO" in text and "/dev/zero" in text and "device" in text
