"""The sequence editor: a dialog with a table of steps (send / wait / expect / repeat), one row a step."""

from __future__ import annotations

import dataclasses

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from app.automation.sequence import DEFAULT_TIMEOUT_MS, Action, InvalidSequence, Sequence, Step
from app.core.checksum import ALGORITHMS
from app.core.errors import NetAssistError
from ui.fields import tool as _tool

COLUMNS = 8  # action, text, mode, ms / times, from step / on failure, checksum, macros, peer


class SequenceEditor(QDialog):
    """Edits a copy of one sequence; ``sequence()`` gives the result once accepted (checked first)."""

    def __init__(self, sequence: Sequence, defaults: Step, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("sequenceEditor")
        self.setWindowTitle(self.tr("Edit sequence"))
        self.resize(1040, 440)
        self._defaults = defaults
        self._steps = [dataclasses.replace(s) for s in sequence.steps]
        self.name = QLineEdit(sequence.name)
        self.name.setObjectName("sequenceName")
        self.table = QTableWidget(0, COLUMNS)
        self.table.setObjectName("sequenceSteps")
        self.table.setHorizontalHeaderLabels([self.tr("Action"), self.tr("Payload or pattern"), self.tr("Format"),
                                              self.tr("ms / times"), self.tr("Step / on failure"),
                                              self.tr("Checksum"), self.tr("Macros"), self.tr("Peer")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        for col, width in ((0, 90), (2, 100), (3, 110), (4, 130), (5, 150), (6, 60), (7, 150)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Fixed)
            self.table.setColumnWidth(col, width)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setDefaultSectionSize(28)
        self.problem = QLabel()
        self.problem.setObjectName("sequenceProblem")
        self.problem.setStyleSheet("color: #c62828")
        self.problem.setWordWrap(True)
        buttons = QHBoxLayout()
        add = _tool("+", "stepAdd", self.tr("Add step"))
        remove = _tool("−", "stepRemove", self.tr("Delete step"))
        up = _tool("↑", "stepUp", self.tr("Move up"))
        down = _tool("↓", "stepDown", self.tr("Move down"))
        for b in (add, remove, up, down):
            buttons.addWidget(b)
        buttons.addStretch(1)
        hint = QLabel(self.tr("Expect waits for what arrives next; repeat runs the steps from the given one again "
                              "(0 times: until stopped)."))
        hint.setWordWrap(True)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        box.accepted.connect(self._accept)
        box.rejected.connect(self.reject)
        name_row = QHBoxLayout()
        name_row.addWidget(QLabel(self.tr("Name")))
        name_row.addWidget(self.name, 1)
        column = QVBoxLayout(self)
        column.addLayout(name_row)
        column.addWidget(self.table, 1)
        column.addLayout(buttons)
        column.addWidget(hint)
        column.addWidget(self.problem)
        column.addWidget(box)
        add.clicked.connect(self.add_step)
        remove.clicked.connect(self.remove_step)
        up.clicked.connect(lambda: self.move_step(-1))
        down.clicked.connect(lambda: self.move_step(1))
        self._result: Sequence | None = None
        self._fill()

    # ------------------------------------------------------------------------------- rows
    def _fill(self) -> None:
        self.table.setRowCount(len(self._steps))
        for row in range(len(self._steps)):
            self._row(row)

    def _row(self, row: int) -> None:
        """(Re)build a row's editors for its step's action."""
        s = self._steps[row]
        action = QComboBox()
        for name, label in (("send", self.tr("Send")), ("wait", self.tr("Wait")), ("expect", self.tr("Expect")),
                            ("repeat", self.tr("Repeat"))):
            action.addItem(label, name)
        action.setCurrentIndex(max(0, action.findData(s.action)))
        action.currentIndexChanged.connect(lambda _i, r=row, a=action: self._set_action(r, a.currentData()))
        self.table.setCellWidget(row, 0, action)
        text = QLineEdit(s.text)
        text.setEnabled(s.action in ("send", "expect"))
        text.setPlaceholderText({"send": self.tr("payload"),
                                 "expect": self.tr("text, regex, hex or a field: registers[0] > 30")}.get(s.action, ""))
        text.textChanged.connect(lambda t, r=row: setattr(self._steps[r], "text", t))
        self.table.setCellWidget(row, 1, text)
        mode = QComboBox()
        if s.action == "send":
            mode.addItem(self.tr("Text"), False)
            mode.addItem(self.tr("Hex"), True)
            mode.setCurrentIndex(1 if s.hex else 0)
            mode.currentIndexChanged.connect(lambda _i, r=row, m=mode: setattr(self._steps[r], "hex", m.currentData()))
        elif s.action == "expect":
            kinds = (("contains", self.tr("Contains")), ("regex", self.tr("Regex")), ("hex", self.tr("Hex")),
                     ("field", self.tr("Decoded field")))
            for kind, label in kinds:
                mode.addItem(label, kind)
            mode.setCurrentIndex(max(0, mode.findData(s.match)))
            mode.currentIndexChanged.connect(lambda _i, r=row, m=mode: setattr(self._steps[r], "match",
                                                                                m.currentData()))
        else:
            mode.setEnabled(False)
        self.table.setCellWidget(row, 2, mode)
        number = QSpinBox()
        number.setRange(0, 86_400_000)
        if s.action == "repeat":
            number.setRange(0, 1_000_000)
            number.setSpecialValueText(self.tr("until stopped"))
            number.setSuffix(self.tr("×"))
            number.setValue(s.times)
            number.valueChanged.connect(lambda v, r=row: setattr(self._steps[r], "times", v))
        elif s.action in ("wait", "expect"):
            number.setSuffix(self.tr(" ms"))
            number.setValue(s.ms)
            number.valueChanged.connect(lambda v, r=row: setattr(self._steps[r], "ms", v))
        else:
            number.setEnabled(False)
        self.table.setCellWidget(row, 3, number)
        extra: QWidget
        if s.action == "repeat":
            spin = QSpinBox()
            spin.setRange(1, max(1, row))
            spin.setPrefix(self.tr("from step "))
            spin.setValue(min(max(1, s.start), max(1, row)))
            s.start = spin.value()
            spin.valueChanged.connect(lambda v, r=row: setattr(self._steps[r], "start", v))
            extra = spin
        elif s.action == "expect":
            fail = QComboBox()
            fail.addItem(self.tr("stop"), "stop")
            fail.addItem(self.tr("go on"), "continue")
            fail.setCurrentIndex(max(0, fail.findData(s.on_fail)))
            fail.currentIndexChanged.connect(lambda _i, r=row, f=fail: setattr(self._steps[r], "on_fail",
                                                                                f.currentData()))
            extra = fail
        else:
            extra = QWidget()
        self.table.setCellWidget(row, 4, extra)
        checksum = QComboBox()
        if s.action == "send":
            for algo in ALGORITHMS:
                checksum.addItem(self.tr("None") if algo.name == "none" else algo.label, algo.name)
            checksum.setCurrentIndex(max(0, checksum.findData(s.checksum)))
            checksum.currentIndexChanged.connect(lambda _i, r=row, c=checksum: setattr(self._steps[r], "checksum",
                                                                                        c.currentData()))
        else:
            checksum.setEnabled(False)
        self.table.setCellWidget(row, 5, checksum)
        macros = QCheckBox()
        macros.setAccessibleName(self.tr("Expand macros"))
        macros.setToolTip(self.tr("Expand {{counter}}, {{time:%H:%M:%S}}, {{random:N}} … in this payload"))
        macros.setChecked(s.macros)
        macros.setEnabled(s.action == "send")
        macros.toggled.connect(lambda on, r=row: setattr(self._steps[r], "macros", on))
        self.table.setCellWidget(row, 6, macros)
        peer = QLineEdit(s.peer)
        peer.setAccessibleName(self.tr("Peer"))
        peer.setPlaceholderText({"send": self.tr("the page's target"), "expect": self.tr("any peer")}.get(s.action, ""))
        peer.setEnabled(s.action in ("send", "expect"))
        peer.textChanged.connect(lambda t, r=row: setattr(self._steps[r], "peer", t.strip()))
        self.table.setCellWidget(row, 7, peer)

    def _set_action(self, row: int, action: Action) -> None:
        s = self._steps[row]
        s.action = action
        if action == "expect" and not s.ms:
            s.ms = DEFAULT_TIMEOUT_MS
        if action == "wait" and not s.ms:
            s.ms = 100
        if action == "repeat":
            s.start, s.times = 1, max(s.times, 2)
        self._row(row)

    def _renumber(self, order: list[int | None]) -> None:
        """The steps are now ``order`` (old indices; None for a new step): a repeat keeps starting at the same
        step where it still can."""
        old_steps = self._steps
        new_of = {old: new for new, old in enumerate(order) if old is not None}
        self._steps = [old_steps[o] if o is not None else dataclasses.replace(self._defaults) for o in order]
        for step in self._steps:
            if step.action == "repeat":
                target = step.start - 1
                while target not in new_of and target < len(old_steps):  # its first step went: the next one
                    target += 1
                step.start = new_of.get(target, 0) + 1
        self._fill()

    def add_step(self) -> None:
        row = self.table.currentRow() + 1 if self.table.currentRow() >= 0 else len(self._steps)
        order: list[int | None] = list(range(len(self._steps)))
        order.insert(row, None)
        self._renumber(order)
        self.table.selectRow(row)

    def remove_step(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self._steps):
            self._renumber([i for i in range(len(self._steps)) if i != row])

    def move_step(self, by: int) -> None:
        row = self.table.currentRow()
        new = row + by
        if 0 <= row < len(self._steps) and 0 <= new < len(self._steps):
            order: list[int | None] = list(range(len(self._steps)))
            order[row], order[new] = order[new], order[row]
            self._renumber(order)
            self.table.selectRow(new)

    # ------------------------------------------------------------------------------ result
    def steps(self) -> list[Step]:
        return list(self._steps)

    def _accept(self) -> None:
        seq = Sequence(self.name.text().strip() or self.tr("Sequence"), [dataclasses.replace(s) for s in self._steps])
        try:
            seq.check()
        except (InvalidSequence, NetAssistError) as exc:
            self.problem.setText(str(exc))
            return
        self._result = seq
        self.accept()

    def sequence(self) -> Sequence | None:
        return self._result


__all__ = ["SequenceEditor"]
