"""The Chinese translation is complete and current, and the window in Chinese shows no English words."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QTabWidget,
)

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "translations" / "netassist_zh_CN.ts"
QM = TS.with_suffix(".qm")
BIN = Path(sys.executable).parent


def messages(path: Path) -> list[tuple[str, str, str, str]]:
    """(context, source, translation, type) for every message."""
    out = []
    for ctx in ET.parse(path).getroot():
        name = ctx.findtext("name") or ""
        for m in ctx.findall("message"):
            tr = m.find("translation")
            assert tr is not None
            out.append((name, m.findtext("source") or "", tr.text or "", tr.get("type", "")))
    return out


def test_every_string_has_a_chinese_translation() -> None:
    msgs = messages(TS)
    assert len(msgs) > 200
    bad = [(c, s) for c, s, t, kind in msgs if not t.strip() or kind in ("unfinished", "vanished", "obsolete")]
    assert not bad, f"untranslated or stale entries: {bad}"
    # placeholders survive translation
    for c, s, t, _ in msgs:
        for ph in re.findall(r"%\d|%v|%m", s):
            assert ph in t, f"{c}: {s!r} -> {t!r} lost {ph}"


def test_every_error_the_engine_raises_has_a_phrase() -> None:
    """Each error code of the engine's one family is named in words the window translates."""
    import app.core.errors
    from ui.texts import _ERROR_PHRASES

    def family(cls: type) -> list[type]:
        return [cls, *(k for sub in cls.__subclasses__() for k in family(sub))]

    codes = {k.code for k in family(app.core.errors.NetAssistError) if k.__module__ == "app.core.errors"} - {"error"}
    assert codes <= set(_ERROR_PHRASES), codes - set(_ERROR_PHRASES)


def test_translation_is_current(tmp_path: Path) -> None:
    """Running lupdate over the code adds nothing, and the committed .qm is what lrelease makes of the .ts."""
    copy = tmp_path / TS.name
    shutil.copy(TS, copy)
    sources = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "ui").rglob("*.py"))
    subprocess.run([str(BIN / "pyside6-lupdate"), *sources, "-no-obsolete", "-ts", str(copy)], cwd=ROOT,
                   check=True, capture_output=True, timeout=120)
    fresh = {(c, s) for c, s, _, _ in messages(copy)}
    committed = {(c, s) for c, s, _, _ in messages(TS)}
    assert fresh == committed, f"new: {fresh - committed}; gone: {committed - fresh} (run make translations)"
    qm = tmp_path / QM.name
    subprocess.run([str(BIN / "pyside6-lrelease"), str(TS), "-qm", str(qm)], check=True, capture_output=True,
                   timeout=120)
    assert qm.read_bytes() == QM.read_bytes(), "the .qm is older than the .ts (run make translations)"


# Words that are the same in Chinese: protocol and encoding names, units, symbols.
ALLOWED = re.compile(
    r"^(UDP|TCP|HEX|ASCII|UTF-8|UTF-16LE|UTF-16BE|GB2312|GBK|GB18030|Big5|Shift_JIS|Latin-1 \(ISO-8859-1\)|"
    r"CRC-8|CRC-16/MODBUS|CRC-16/CCITT-FALSE|CRC-16/XMODEM|CRC-32|English|NetAssist|ALPN|localhost|TTL|KiB|TCP_NODELAY.*|"
    r"Modbus RTU|Modbus TCP|NMEA 0183|TFTP|"
    r"[0-9A-Fa-f ]+|[\d.:\[\]a-f%]+|[\da-f:.]+%\w+|[+−↑↓✕…]|ms|\d+ ms|[\d,]+)$")


def visible_texts(window: Any) -> list[str]:
    texts: list[str] = []
    for w in window.findChildren(QLabel):
        texts.append(w.text())
    for w in window.findChildren(QAbstractButton):
        texts += [w.text(), w.toolTip()]
    for w in window.findChildren(QGroupBox):
        texts.append(w.title())
    for w in window.findChildren(QTabWidget):
        texts += [w.tabText(i) for i in range(w.count())]
    for w in window.findChildren(QComboBox):
        texts += [w.itemText(i) for i in range(w.count())] + [w.placeholderText()]
    for w in window.findChildren(QLineEdit):
        texts.append(w.placeholderText())
    for a in window.findChildren(QAction):
        texts += [a.text(), a.toolTip()]
    for m in window.menuBar().actions() if hasattr(window, "menuBar") else ():
        texts.append(m.text())
    for view in window.findChildren(QAbstractItemView):  # table and list headers, cell widgets' items
        model = view.model()
        if model is None:
            continue
        try:
            columns = model.columnCount()
        except TypeError:  # a list widget's model (one column; its header is not shown)
            continue
        for col in range(columns):
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                value = model.headerData(col, Qt.Orientation.Horizontal, role)
                texts.append(value if isinstance(value, str) else "")
    return texts


def untranslated(texts: list[str]) -> list[str]:
    out = []
    for t in texts:
        t = re.sub(r"<[^>]+>", "", t.replace("&", "")).strip()
        if not t or re.search(r"[\u4e00-\u9fff]", t) or ALLOWED.match(t):
            continue
        if re.search(r"[A-Za-z]{2,}", t):
            out.append(t)
    return sorted(set(out))


def test_window_in_chinese_has_no_english_left(chinese: Any, make_window: Any, qtbot: Any) -> None:
    w = make_window()
    for kind in ("tcp-server", "tcp-client", "udp"):
        w.new_session(kind)
    leftovers = untranslated(visible_texts(w))
    assert not leftovers, f"shown in English in the Chinese window: {leftovers}"
    assert w.tabs.tabText(0) == "TCP 服务器"
    assert w.windowTitle() == "NetAssist — 网络调试助手"


def test_dialogs_tables_and_mnemonics_in_chinese(chinese: Any, make_window: Any, qtbot: Any) -> None:
    from app.automation.autoreply import MATCH_KINDS, Rule
    from ui.page.send_tools.auto_reply import AutoReplyDialog

    w = make_window()
    dialog = AutoReplyDialog([Rule("x", k, "y") for k in MATCH_KINDS], False, w)
    leftovers = untranslated(visible_texts(dialog))
    assert not leftovers, f"shown in English in the Chinese rules editor: {leftovers}"
    for a in w.findChildren(QAction):
        if a.objectName().startswith("actionNew"):
            assert "(&" in a.text(), f"no mnemonic: {a.text()}"
    page = w.tabs.widget(0)
    header = page.findChild(QAbstractItemView, "clientList").header()
    for col in range(header.count()):
        title = header.model().headerData(col, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        assert header.sectionSize(col) >= header.fontMetrics().horizontalAdvance(title) + 16, title


def test_window_in_english_by_default(make_window: Any) -> None:
    w = make_window()
    assert w.tabs.tabText(0) == "TCP Server"


def test_tls_listener_closing_words_are_translated(chinese: Any) -> None:
    """Each way a TLS listener closes a connection before its handshake (too many in total, from one address,
    in the slots kept for new ones, nothing sent, no turn), for one and for "n more", as the engine says it."""
    import ssl

    from app.core.records import Address, Notice
    from app.net.stream import TlsAccept
    from ui.texts import notice_text

    said: list[Notice] = []
    peer = Address("127.0.0.1", 5000)
    accept = TlsAccept(ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER), 10.0, lambda p, error, why: said.append(
        Notice("tls-failed", f"{p}: {error}", error.code, (str(p), str(error), *why))))
    for why in ("total", "reserved", "source", "first-byte", "turn"):
        for n in (0, 7):
            accept._say(why, peer, n)
    assert len(said) == 10
    for notice in said:
        text = notice_text(notice)
        assert re.search(r"[\u4e00-\u9fff]", text), text
        assert not re.search(r"[A-Za-z]{2,}", text.replace("TLS", "")), text
        assert (str(peer) in text) if notice.args[3] == "0" else ("又有 7 个" in text), text


def test_websocket_notices_and_close_codes_are_translated(chinese: Any) -> None:
    """The WebSocket notices the engine writes (app/net/ws), with the args it gives them, read in Chinese."""
    from app.core.records import Notice
    from ui.texts import notice_text

    peer = "127.0.0.1:5000"
    notices = [
        Notice("ws-close-received", "", "4002", (peer, "4002", "asked to")),
        Notice("ws-close-answered", "", "1000", (peer, "1000", "")),
        Notice("ws-close-received", "", "1001", (peer, "1001", "")),
        Notice("ws-pong", "", "", (peer, "0.4")),
        Notice("ws-ping", "", "", (peer, "4")),
        Notice("ws-ping-sent", "", "", (peer, "4")),
        Notice("ws-ping-sent", "", "", ("2 clients", "4")),
        Notice("ws-listening", "", "", ("ws://127.0.0.1:8080/ws", "/ws")),
        Notice("ws-handshake-failed", "", "", (peer,)),
    ]
    for notice in notices:
        text = notice_text(notice)
        assert re.search(r"[\u4e00-\u9fff]", text), text
        assert not re.search(r"[A-Za-z]{2,}", text.replace("WebSocket", "").replace("Ping", "").replace(
            "Pong", "").replace("ws://127.0.0.1:8080/ws", "").replace("asked to", "")), text
    assert "应用自定义代码" in notice_text(notices[0]) and "asked to" in notice_text(notices[0])
    assert "正常关闭" in notice_text(notices[1]) and "离开" in notice_text(notices[2])
