"""A settings file with garbage in it: the window still opens, bad values fall back to their defaults with
a warning in the window, a file that cannot be parsed is moved aside."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QComboBox, QSpinBox

from tests.ui.conftest import child
from tests.ui.test_window import page_of


def write_settings(path: Path, values: dict[str, Any]) -> None:
    qs = QSettings(str(path), QSettings.Format.IniFormat)
    for key, value in values.items():
        qs.setValue(key, value)
    qs.sync()


def test_bad_values_fall_back_to_defaults_and_are_shown(make_window: Any, tmp_path: Path) -> None:
    path = tmp_path / "garbage.ini"
    server = {"local_port": 70000, "encoding": "gb9999", "receive_hex": "maybe",
              "framing": {"mode": "delimiter", "size": "q", "idle_ms": -5},
              "checksum": {"name": "crc99", "start": "x"}, "file_header": "x",
              "auto_reply": {"enabled": True, "rules": [{"pattern": "(", "kind": "regex"}, "nonsense"]}}
    client = {"remote_port": 0, "periodic": {"period_ms": "fast"}, "recent_hosts": "not a list"}
    write_settings(path, {
        "tabs": json.dumps([{"kind": "tcp-server", "settings": server}, {"kind": "tcp-client", "settings": client},
                            {"kind": "warp-drive"}, "junk"]),
        "quick_commands": "[" * 200_000 + "]" * 200_000,
        "current_tab": "abc",
    })
    w = make_window(path)  # opens
    page = page_of(w, "tcp-server")
    assert child(page, "localPort", QSpinBox).value() == 8080
    assert child(page, "encodingBox", QComboBox).currentData() == "utf-8"
    assert child(page, "framingBox", QComboBox).currentData() == "delimiter"  # the good value stays
    assert child(page, "framingSize", QSpinBox).value() == 8
    assert child(page, "checksumBox", QComboBox).currentData() == "none"
    assert child(page, "checksumStart", QSpinBox).value() == 0
    assert page._auto_reply.rules == []  # the broken rule is left out
    assert w.quick_commands == []
    assert [p.property("kind") for p in w.pages()] == ["tcp-server", "tcp-client"]
    banner = w.banner
    assert banner.isVisibleTo(w)
    text = banner.text.text() + banner.toolTip()
    for key in ("framing.size", "checksum.name", "checksum.start", "file_header", "encoding", "local_port",
                "quick_commands", "current_tab", "warp-drive", "periodic.period_ms"):
        assert key in text, key
    # it saves back what it uses: the next start is clean
    w.save_settings()
    w2 = make_window(path)
    assert not w2.banner.isVisibleTo(w2)


def test_a_file_that_cannot_be_parsed_is_moved_aside(make_window: Any, tmp_path: Path) -> None:
    path = tmp_path / "broken.ini"
    path.write_bytes(bytes(range(256)) * 40)
    w = make_window(path)
    assert [p.property("kind") for p in w.pages()] == ["tcp-server", "tcp-client", "udp"]
    moved = list(tmp_path.glob("broken.ini.bad-*"))
    assert len(moved) == 1 and moved[0].read_bytes() == bytes(range(256)) * 40
    assert "moved to" in w.banner.text.text() and moved[0].name in w.banner.text.text()
    w.save_settings()
    assert QSettings(str(path), QSettings.Format.IniFormat).status() == QSettings.Status.NoError


def test_an_unknown_encoding_or_checksum_is_refused_with_words(make_window: Any, qtbot: Any,
                                                               tmp_path: Path) -> None:
    from app.automation.quick import QuickCommand

    w = make_window()
    page = page_of(w, "udp")
    assert not page.send_quick(QuickCommand("odd", "hi", encoding="klingon"))
    assert "unknown text encoding 'klingon'" in page.state_label.text()
    assert not page.send_quick(QuickCommand("odd", "hi", checksum="crc99"))
    assert "unknown checksum 'crc99'" in page.state_label.text()
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps([{"name": "x", "text": "hi", "encoding": "klingon"}]), encoding="utf-8")
    from app.automation import quick

    try:
        quick.from_json(bad.read_text(encoding="utf-8"))
    except ValueError as exc:
        assert "command 1" in str(exc) and "klingon" in str(exc)
    else:
        raise AssertionError("an unknown encoding was imported")
