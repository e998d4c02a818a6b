"""The Sequence tool tab: choose a sequence, edit it, run it against the page's session and watch each step."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Callable, Coroutine
from typing import Any, Protocol

from PySide6.QtCore import QElapsedTimer, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.automation.quick import QuickCommand
from app.automation.sequence import DEFAULT_TIMEOUT_MS, Sequence, Step, peer_address
from app.automation.sequence_run import RunResult, SequenceRunner, StepResult
from app.core.errors import NetAssistError, NotOpen
from app.core.macros import Macros
from app.core.records import Address
from app.decode import Decoder
from app.net.session import Session
from ui.fields import tool as _tool
from ui.page.send_tools.sequence_editor import SequenceEditor

#: Result lines the tab keeps (the newest).
MAX_LINES = 2000
Spawn = Callable[[Coroutine[Any, Any, Any], str], Any]


class SequenceSender(Protocol):
    """What a run sends through: the page's sender (``ui.page.panels.sending.Sender``), so a step's send goes where
    the Send button's would."""

    session: Session

    async def resolve_target(self) -> Address | None: ...

    def deliver(self, data: bytes, to: Address | None, *, text: bool | None = None) -> None: ...


class SequenceTool(QWidget):
    """序列: the shared list of sequences (``changed`` when edited here), a Run/Stop button, the current step
    with the time elapsed, and a result line per step; a run ends with pass or fail in the view and the log."""

    changed = Signal()
    error = Signal(object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.sequences: list[Sequence] = []
        self.box = QComboBox()
        self.box.setObjectName("sequenceBox")
        self.box.setAccessibleName(self.tr("Sequence"))
        self.new_button = _tool("+", "sequenceNew", self.tr("New sequence"))
        self.edit_button = _tool("✎", "sequenceEdit", self.tr("Edit sequence"))
        self.delete_button = _tool("−", "sequenceDelete", self.tr("Delete sequence"))
        self.from_quick = _tool("⇩", "sequenceFromQuick", self.tr("Sequence from quick command"),
                                self.tr("Make a one-step sequence of the selected quick command (then add steps)"))
        self.run_button = QPushButton(self.tr("Run"))
        self.run_button.setObjectName("sequenceRun")
        self.run_button.setCheckable(True)
        self.status = QLabel(self.tr("Send, wait, expect a reply, repeat: + makes a sequence."))
        self.status.setObjectName("sequenceStatus")
        self.status.setWordWrap(True)
        self.results = QListWidget()
        self.results.setObjectName("sequenceResults")
        self.results.setAccessibleName(self.tr("Step results"))
        self.results.setMinimumHeight(70)
        self.results.setWordWrap(True)  # (the column is narrow: a step's line wraps rather than scrolls)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        top = QHBoxLayout()
        top.addWidget(self.box, 1)
        for b in (self.new_button, self.from_quick, self.edit_button, self.delete_button):
            top.addWidget(b)
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.addLayout(top)
        col.addWidget(self.run_button)
        col.addWidget(self.status)
        col.addWidget(self.results, 1)
        self.new_button.clicked.connect(self.new_sequence)
        self.edit_button.clicked.connect(self.edit_current)
        self.delete_button.clicked.connect(self.delete_current)
        self.from_quick.clicked.connect(self.new_from_quick)
        #: The page's selected quick command (set by the page).
        self.quick_source: Callable[[], QuickCommand | None] = lambda: None
        self.run_button.toggled.connect(self._run_toggled)
        self.runner: SequenceRunner | None = None
        self._sender: SequenceSender | None = None
        self._macros: Macros | None = None
        self._spawn: Spawn | None = None
        self._encoding: Callable[[], str] = lambda: "utf-8"
        #: The page's decoder (its decoderBox): what expect steps on decoded fields decode with.
        self.decoder: Callable[[], Decoder | None] = lambda: None
        self._clock = QElapsedTimer()
        self._tick = QTimer(self)
        self._tick.setInterval(100)
        self._tick.timeout.connect(self._show_running)
        self._starting = False
        self._pending: list[tuple[int, Step, StepResult]] = []
        self._failed: tuple[Step, StepResult] | None = None
        self._enable()

    def attach(self, sender: SequenceSender, spawn: Spawn, encoding: Callable[[], str], macros: Macros) -> None:
        """Runs send through ``sender`` as tasks ``spawn`` starts, in the page's encoding, with its macros."""
        self._sender, self._spawn, self._encoding, self._macros = sender, spawn, encoding, macros

    # ------------------------------------------------------------------------------ the list
    def set_sequences(self, sequences: list[Sequence]) -> None:
        current = self.box.currentText()
        self.sequences = list(sequences)
        self.box.blockSignals(True)
        self.box.clear()
        for s in self.sequences:
            self.box.addItem(s.name)
        self.box.setCurrentIndex(max(0, self.box.findText(current)))
        self.box.blockSignals(False)
        self._enable()

    def current(self) -> Sequence | None:
        i = self.box.currentIndex()
        return self.sequences[i] if 0 <= i < len(self.sequences) else None

    def _enable(self) -> None:
        has = bool(self.sequences)
        running = self.runner is not None
        self.edit_button.setEnabled(has and not running)
        self.delete_button.setEnabled(has and not running)
        self.box.setEnabled(not running)
        self.run_button.setEnabled(has and not self._starting)

    def defaults(self) -> Step:
        return Step("send", ms=DEFAULT_TIMEOUT_MS)  # (no encoding of its own: the page's, when it runs)

    def new_sequence(self) -> None:
        name = self.tr("Sequence %1").replace("%1", str(len(self.sequences) + 1))
        self.edit(Sequence(name, [self.defaults(), Step("expect", ms=DEFAULT_TIMEOUT_MS)]), None)

    def new_from_quick(self) -> SequenceEditor | None:
        """A quick command is a one-step sequence: open it in the editor to add steps (an expect …)."""
        command = self.quick_source()
        if command is None:
            self.status.setText(self.tr("Select a quick command first."))
            return None
        step = Step("send", command.text, hex=command.hex, encoding=command.encoding, checksum=command.checksum,
                    macros=command.macros, ms=DEFAULT_TIMEOUT_MS)
        return self.edit(Sequence(command.name, [step]), None)

    def edit_current(self) -> None:
        if (seq := self.current()) is not None:
            self.edit(seq, self.box.currentIndex())

    def edit(self, sequence: Sequence, index: int | None) -> SequenceEditor:
        """Open the editor (non-blocking); OK stores the result at ``index`` (None: a new one)."""
        editor = SequenceEditor(sequence, self.defaults(), self)
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.accepted.connect(lambda: self._edited(editor, index))
        editor.open()
        return editor

    def _edited(self, editor: SequenceEditor, index: int | None) -> None:
        seq = editor.sequence()
        if seq is None:
            return
        if index is None or not 0 <= index < len(self.sequences):
            self.sequences.append(seq)
            index = len(self.sequences) - 1
        else:
            self.sequences[index] = seq
        self.set_sequences(self.sequences)
        self.box.setCurrentIndex(index)
        self.changed.emit()

    def delete_current(self) -> None:
        i = self.box.currentIndex()
        if 0 <= i < len(self.sequences):
            del self.sequences[i]
            self.set_sequences(self.sequences)
            self.changed.emit()

    # ------------------------------------------------------------------------------ running
    def _run_toggled(self, on: bool) -> None:
        if on and self.runner is None and not self._starting:
            seq = self.current()
            if seq is None or self._sender is None or self._spawn is None:
                self._set_button(False)
                return
            self._starting = True  # (resolving a UDP host name takes a moment: no second run meanwhile)
            self.run_button.setEnabled(False)
            self._spawn(self.run(seq), "sequence")
        elif not on and self.runner is not None:
            self.runner.stop()

    def _set_button(self, running: bool) -> None:
        self.run_button.blockSignals(True)
        self.run_button.setChecked(running)
        self.run_button.setText(self.tr("Stop") if running else self.tr("Run"))
        self.run_button.blockSignals(False)

    async def run(self, seq: Sequence) -> RunResult | None:
        """Run ``seq`` on the page's session; sends go where the Send button's would (a step's own peer first)."""
        sender = self._sender
        assert sender is not None
        try:
            default_to = await sender.resolve_target()
        except NetAssistError as exc:
            self.error.emit(exc)
            self._starting = False
            self._set_button(False)
            self._enable()
            return None

        def send(data: bytes, peer: str, text: bool | None = None) -> None:
            sender.deliver(data, peer_address(peer) if peer else default_to, text=text)

        self.results.clear()
        self._pending.clear()
        self._failed = None
        self.status.setStyleSheet("")
        runner = SequenceRunner(sender.session, seq, send=send, macros=self._macros,
                                on_progress=self._progress, encoding=self._encoding(), decoder=self.decoder())
        self.runner = runner
        self._starting = False
        self._set_button(True)
        self._enable()
        self._clock.start()
        self._tick.start()
        try:
            return await runner.start()
        except asyncio.CancelledError:
            return runner.result
        finally:
            self._tick.stop()
            self.runner = None
            self._show_pending()
            self._set_button(False)
            self._enable()
            self._show_end(runner.result, seq)

    def _progress(self, index: int, result: StepResult | None) -> None:
        """Results wait for the next tick (a fast loop of steps re-laid out the list at every step)."""
        if result is not None and self.runner is not None:
            self._pending.append((index, self.runner.sequence.steps[index], result))
            if len(self._pending) > MAX_LINES:
                del self._pending[:-MAX_LINES]
            if not result.ok:
                self._failed = (self.runner.sequence.steps[index], result)

    def _show_pending(self) -> None:
        if not self._pending:
            return
        batch, self._pending = self._pending, []
        self.results.setUpdatesEnabled(False)
        for index, step, r in batch:
            self.add_result(index, step, r)
        while self.results.count() > MAX_LINES:  # a long repeat keeps the newest lines
            self.results.takeItem(0)
        self.results.setUpdatesEnabled(True)
        self.results.scrollToBottom()

    def add_result(self, index: int, step: Step | None, r: StepResult) -> None:
        words = {"sent": self.tr("sent"), "waited": self.tr("waited"), "matched": self.tr("matched"),
                 "timed-out": self.tr("timed out"), "failed": self.tr("failed"), "stopped": self.tr("stopped")}
        what = self.describe(step) if step is not None else ""
        text = self.tr("%1 step %2 %3 — %4 in %5 ms").replace("%1", "✓" if r.ok else "✗") \
            .replace("%2", str(index + 1)).replace("%3", what).replace("%4", words.get(r.outcome, r.outcome)) \
            .replace("%5", f"{r.ms:,.0f}")
        reason = self.reason(step, r)
        if reason:
            text += f": {reason}"
        item = QListWidgetItem(text)
        if not r.ok:
            item.setForeground(QBrush(QColor("#c62828")))
        self.results.addItem(item)

    def reason(self, step: Step | None, r: StepResult) -> str:
        """What a result says, in the user's language where the engine's words have a translation."""
        if r.outcome == "timed-out" and step is not None:
            return self.tr("nothing matching %1 within %2 ms").replace("%1", repr(step.text)) \
                .replace("%2", f"{step.ms:,}")
        if isinstance(r.error, NotOpen) and step is not None and step.action == "expect":
            return self.tr("the connection closed before it came")
        return r.detail

    def describe(self, step: Step) -> str:
        """A step in a few words, in the user's language."""
        if step.action == "send":
            what = self.tr("send %1").replace("%1", repr(step.text))
            return what + (f" → {step.peer}" if step.peer else "")
        if step.action == "wait":
            return self.tr("wait %1 ms").replace("%1", f"{step.ms:,}")
        if step.action == "expect":
            return self.tr("expect %1 within %2 ms").replace("%1", repr(step.text)).replace("%2", f"{step.ms:,}")
        if step.times == 0:
            return self.tr("repeat from step %1 until stopped").replace("%1", str(step.start))
        return self.tr("repeat from step %1, %2 times").replace("%1", str(step.start)).replace("%2", str(step.times))

    def _show_running(self) -> None:
        if self.runner is None:
            return
        self._show_pending()
        total = len(self.runner.sequence.steps)
        self.status.setText(self.tr("Running: step %1 of %2 · %3 s").replace("%1", str(self.runner.current + 1))
                            .replace("%2", str(total)).replace("%3", f"{self._clock.elapsed() / 1000:.1f}"))

    def _show_end(self, result: RunResult, seq: Sequence) -> None:
        if result.passed:
            self.status.setText(self.tr("Passed: %1 steps in %2 ms").replace("%1", str(len(result.steps)))
                                .replace("%2", f"{result.ms:,.0f}"))
            self.status.setStyleSheet("color: #2e7d32")
        else:
            step = (result.failed_step or 0) + 1
            if result.reason == "stopped":
                reason = self.tr("stopped")
            elif self._failed is not None and self._failed[1].index == result.failed_step:
                reason = self.reason(*self._failed)
            else:
                reason = result.reason
            self.status.setText(self.tr("Failed at step %1: %2").replace("%1", str(step)).replace("%2", reason))
            self.status.setStyleSheet("color: #c62828")

    def to_settings(self) -> dict[str, Any]:
        return {"sequence": self.box.currentText()}

    def copy(self) -> list[Sequence]:
        return [dataclasses.replace(s, steps=list(s.steps)) for s in self.sequences]


__all__ = ["SequenceTool"]
