"""The Sequence tool tab, driven through its object names against real loopback peers: a run passes against
an echo peer and fails at the right step against a silent one; the editor makes sequences every page shares and
that come back after a restart."""

from __future__ import annotations

import socket
import threading
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QListWidget, QPushButton, QTableWidget, QToolButton

from app.automation.sequence import Sequence, Step
from tests.ui.conftest import child, click
from tests.ui.test_window import connect_client, page_of, view_text


class Peer:
    """A loopback TCP peer in a thread: echoes (or stays silent) until the test ends."""

    def __init__(self, echo: bool):
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.echo = echo
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        try:
            conn, _ = self.sock.accept()
        except OSError:
            return
        with conn:
            while data := conn.recv(65536):
                if self.echo:
                    conn.sendall(data)

    def close(self) -> None:
        self.sock.close()


def poll() -> Sequence:
    return Sequence("poll", [Step("send", "01 03 00 00 00 01", hex=True, checksum="crc16-modbus"),
                             Step("expect", "01 03 00 00 00 01 84 0A", match="hex", ms=3000),
                             Step("send", "T={{counter}}\n", macros=True),
                             Step("expect", r"T=\d", match="regex", ms=3000)])


def run_current(qtbot: Any, page: Any) -> QLabel:
    page.send_settings.tools.setCurrentWidget(page.send_settings.sequence)
    run_button = child(page, "sequenceRun", QPushButton)
    click(qtbot, run_button)
    status = child(page, "sequenceStatus", QLabel)
    qtbot.waitUntil(lambda: not run_button.isChecked() and ("Passed" in status.text() or "Failed" in status.text()),
                    timeout=10000)
    return status


def test_a_sequence_runs_from_the_tab_and_passes_against_an_echo_peer(make_window: Any, qtbot: Any) -> None:
    w = make_window()
    w.set_sequences([poll()])
    page = page_of(w, "tcp-client")
    peer = Peer(echo=True)
    try:
        connect_client(qtbot, page, peer.port)
        status = run_current(qtbot, page)
        assert status.text().startswith("Passed: 4 steps"), status.text()
        results = child(page, "sequenceResults", QListWidget)
        assert results.count() == 4 and all(results.item(i).text().startswith("✓") for i in range(4))
        qtbot.waitUntil(lambda: "Sequence “poll” passed" in view_text(page), timeout=5000)
    finally:
        peer.close()


def test_a_sequence_fails_at_the_step_that_got_no_answer(make_window: Any, qtbot: Any) -> None:
    w = make_window()
    seq = poll()
    seq.steps[1].ms = 200
    w.set_sequences([seq])
    page = page_of(w, "tcp-client")
    peer = Peer(echo=False)
    try:
        connect_client(qtbot, page, peer.port)
        status = run_current(qtbot, page)
        assert status.text().startswith("Failed at step 2"), status.text()
        results = child(page, "sequenceResults", QListWidget)
        assert results.count() == 2 and results.item(1).text().startswith("✗ step 2")
        assert "within 200 ms" in results.item(1).text()
        qtbot.waitUntil(lambda: "Sequence “poll” failed at step 2" in view_text(page), timeout=5000)
    finally:
        peer.close()


def test_the_editor_makes_a_sequence_every_page_shares_and_a_restart_keeps(make_window: Any, qtbot: Any,
                                                                          tmp_path: Path) -> None:
    settings = tmp_path / "s.ini"
    w = make_window(settings)
    page = page_of(w, "tcp-server")
    click(qtbot, child(page, "sequenceNew", QToolButton))
    editor = child(page, "sequenceEditor", QWidgetType())
    child(editor, "sequenceName", QLineEdit).setText("hello")
    table = child(editor, "sequenceSteps", QTableWidget)
    assert table.rowCount() == 2
    table.cellWidget(0, 1).setText("hi\\r\\n")
    table.cellWidget(1, 1).setText("ok")
    click(qtbot, child(editor, "stepAdd", QToolButton))
    table.cellWidget(2, 0).setCurrentIndex(table.cellWidget(2, 0).findData("repeat"))
    table.cellWidget(2, 3).setValue(3)
    editor._accept()
    assert [s.name for s in w.sequences] == ["hello"]
    steps = w.sequences[0].steps
    assert [s.action for s in steps] == ["send", "expect", "repeat"] and steps[2].times == 3
    other = page_of(w, "udp")
    assert child(other, "sequenceBox", QComboBox).itemText(0) == "hello"
    w.save_settings()
    w2 = make_window(settings)
    assert [s.name for s in w2.sequences] == ["hello"]
    assert [s.to_dict() for s in w2.sequences[0].steps] == [s.to_dict() for s in steps]


def test_the_editor_refuses_a_bad_step_in_words(make_window: Any, qtbot: Any) -> None:
    w = make_window()
    page = page_of(w, "tcp-client")
    click(qtbot, child(page, "sequenceNew", QToolButton))
    editor = child(page, "sequenceEditor", QWidgetType())
    table = child(editor, "sequenceSteps", QTableWidget)
    table.cellWidget(0, 2).setCurrentIndex(1)  # hex
    table.cellWidget(0, 1).setText("01 0G")
    editor._accept()
    assert "invalid hex" in child(editor, "sequenceProblem", QLabel).text()
    assert w.sequences == []
    editor.reject()


def QWidgetType() -> type:
    from PySide6.QtWidgets import QDialog

    return QDialog


def test_a_repeat_follows_its_first_step_when_steps_are_added_moved_or_removed(make_window: Any,
                                                                              qtbot: Any) -> None:
    from ui.page.send_tools.sequence_editor import SequenceEditor

    seq = Sequence("s", [Step("send", "a"), Step("send", "b"), Step("wait", ms=10), Step("repeat", start=2, times=3)])
    editor = SequenceEditor(seq, Step("send", "new"))
    qtbot.addWidget(editor)
    editor.table.selectRow(0)
    editor.add_step()  # a new step 2: the block now starts at step 3
    assert editor.steps()[4].start == 3
    editor.table.selectRow(0)
    editor.remove_step()  # step 1 goes: the block starts at step 2 again
    assert [s.text for s in editor.steps()][:2] == ["new", "b"] and editor.steps()[3].start == 2
    editor.table.selectRow(1)
    editor.move_step(-1)  # "b" moves up to step 1, and the repeat with it
    assert editor.steps()[0].text == "b" and editor.steps()[3].start == 1
    editor._accept()
    assert editor.sequence() is not None


def test_a_quick_command_becomes_a_one_step_sequence(make_window: Any, qtbot: Any) -> None:
    from app.automation.quick import QuickCommand

    w = make_window()
    w.set_quick_commands([QuickCommand("poll", "01 03 00 00 00 01", True, checksum="crc16-modbus")])
    page = page_of(w, "tcp-client")
    page.quick.select(0)
    click(qtbot, child(page, "sequenceFromQuick", QToolButton))
    editor = child(page, "sequenceEditor", QWidgetType())
    assert child(editor, "sequenceName", QLineEdit).text() == "poll"
    assert editor.steps()[0].hex and editor.steps()[0].checksum == "crc16-modbus"
    editor._accept()
    assert [s.name for s in w.sequences] == ["poll"]
