"""自动应答: the auto-reply tool (its tab in the send tools) and the rules editor."""

from __future__ import annotations

from typing import Any, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.automation.autoreply import MATCH_KINDS, AutoReply, Rule
from app.core.errors import NetAssistError
from app.net.session import Session
from ui.fields import check
from ui.fields import select as _select
from ui.fields import spin as _spin
from ui.options import Bool, Custom, Option, Section

_W = TypeVar("_W", bound=QWidget)


class AutoReplyDialog(QDialog):
    """Edit auto-reply rules: match kind, pattern, reply (text or hex), delay; see hit counts and errors."""

    COLUMNS = ("on", "match", "pattern", "reply", "hex", "macros", "delay", "hits")

    def __init__(self, rules: list[Rule], echo: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("autoReplyDialog")
        self.setWindowTitle(self.tr("Auto-reply rules"))
        self.resize(760, 360)
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setObjectName("autoReplyRules")
        self.table.setHorizontalHeaderLabels([self.tr("On"), self.tr("Match"), self.tr("Pattern"), self.tr("Reply"),
                                              self.tr("Reply is hex"), self.tr("Macros"), self.tr("Delay (ms)"),
                                              self.tr("Hits")])
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.echo = QCheckBox(self.tr("Echo everything received (ignores the rules)"))
        self.echo.setObjectName("autoReplyEcho")
        self.echo.setChecked(echo)
        add = QPushButton(self.tr("Add rule"))
        remove = QPushButton(self.tr("Delete rule"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        col = QVBoxLayout(self)
        col.addWidget(self.echo)
        col.addWidget(self.table, 1)
        col.addLayout(row)
        col.addWidget(buttons)
        for rule in rules:
            self._add_row(rule)
        add.clicked.connect(lambda: self._add_row(Rule("", "contains", "")))
        remove.clicked.connect(lambda: self.table.removeRow(self.table.currentRow()))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

    def match_labels(self) -> dict[str, str]:
        return {"exact": self.tr("Exactly"), "contains": self.tr("Contains"), "starts": self.tr("Starts with"),
                "ends": self.tr("Ends with"), "regex": self.tr("Regular expression"), "hex": self.tr("Hex bytes")}

    def _add_row(self, rule: Rule) -> None:
        r = self.table.rowCount()
        self.table.insertRow(r)
        on = QCheckBox()
        on.setChecked(rule.enabled)
        on.setToolTip(rule.error)
        self.table.setCellWidget(r, 0, on)
        kind = QComboBox()
        labels = self.match_labels()
        for k in MATCH_KINDS:
            kind.addItem(labels[k], k)
        _select(kind, rule.kind)
        self.table.setCellWidget(r, 1, kind)
        self.table.setItem(r, 2, QTableWidgetItem(rule.pattern))
        self.table.setItem(r, 3, QTableWidgetItem(rule.reply))
        hexbox = QCheckBox()
        hexbox.setChecked(rule.reply_hex)
        self.table.setCellWidget(r, 4, hexbox)
        macros = QCheckBox()
        macros.setChecked(rule.macros)
        macros.setToolTip(self.tr("Expand {{counter}}, {{time:%H:%M:%S}} … in the reply, and the regex match's "
                                  "groups: {{0}} the whole match, {{1}}, {{name}}"))
        self.table.setCellWidget(r, 5, macros)
        self.table.setCellWidget(r, 6, _spin("", self.tr("Delay"), 0, 3_600_000, rule.delay_ms))
        hits = QTableWidgetItem(str(rule.hits) + (f" ({rule.error})" if rule.error else ""))
        hits.setFlags(hits.flags() & ~Qt.ItemFlag.ItemIsEditable)
        self.table.setItem(r, 7, hits)

    def rules(self) -> list[Rule]:
        out = []
        for r in range(self.table.rowCount()):
            pattern = self._text(r, 2)
            if not pattern:
                continue
            out.append(Rule(pattern, self._cell(r, 1, QComboBox).currentData(), self._text(r, 3),
                            self._cell(r, 4, QCheckBox).isChecked(), self._cell(r, 6, QSpinBox).value(),
                            self._cell(r, 0, QCheckBox).isChecked(), self._cell(r, 5, QCheckBox).isChecked()))
        return out

    def _text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text() if item else ""

    def _cell(self, row: int, column: int, kind: type[_W]) -> _W:
        """The widget _add_row put in a cell."""
        widget = self.table.cellWidget(row, column)
        assert isinstance(widget, kind)
        return widget


def _rules(value: Any) -> list[dict[str, Any]]:
    """Auto-reply rules as stored: the ones that make sense (a broken one is dropped, not fatal)."""
    if not isinstance(value, list):
        raise ValueError("not a list of rules")
    out = []
    for d in value[:1000]:
        try:
            rule = Rule.from_dict(d)
            rule.compile()
        except (ValueError, TypeError, AttributeError, NetAssistError):
            continue
        out.append(rule.to_dict())
    return out


class AutoReplyTool(QWidget):
    """The Auto-reply tab: rules on/off, echo, the rules editor; runs the engine's :class:`AutoReply`."""

    changed = Signal()
    #: A rule was disabled (it overran its time budget or failed): the words to show.
    failed = Signal(str)

    OPTIONS: dict[str, Option] = {"auto_reply": Section({"enabled": Bool(False), "echo": Bool(False),
                                                         "rules": Custom([], _rules)})}

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.engine = AutoReply(session, on_error=self._failed)
        self.engine.enabled = False
        col = QVBoxLayout(self)
        self.box = check("autoReply", self.tr("Answer received data by rules"))
        self.echo_box = check("echoMode", self.tr("Echo: send back everything received"))
        self.button = QPushButton(self.tr("Edit rules…"))
        self.button.setObjectName("autoReplyRules")
        col.addWidget(self.box)
        col.addWidget(self.echo_box)
        col.addWidget(self.button)
        col.addStretch(1)
        self.box.toggled.connect(self._toggled)
        self.echo_box.toggled.connect(self._toggled)
        self.button.clicked.connect(self.edit)

    def _toggled(self, *args: object) -> None:
        self.engine.echo = self.echo_box.isChecked()
        self.engine.enabled = self.box.isChecked() or self.echo_box.isChecked()
        self.changed.emit()

    def edit(self) -> None:
        dialog = AutoReplyDialog(self.engine.rules, self.engine.echo, self)
        if dialog.exec():
            self.set_rules(dialog.rules(), dialog.echo.isChecked())

    def set_rules(self, rules: list[Rule], echo: bool) -> None:
        self.engine.rules = []
        for rule in rules:
            self.engine.add(rule)
        self.echo_box.setChecked(echo)
        self._toggled()

    def _failed(self, rule: Rule, exc: BaseException) -> None:
        self.failed.emit(self.tr("Auto-reply rule “%1” disabled: %2").replace("%1", rule.pattern)
                         .replace("%2", str(exc)))

    def to_settings(self) -> dict[str, Any]:
        return {"auto_reply": {"enabled": self.box.isChecked(), "echo": self.engine.echo,
                               "rules": [r.to_dict() for r in self.engine.rules]}}

    def apply_settings(self, s: dict[str, Any]) -> None:
        auto = s["auto_reply"]
        self.engine.rules = []
        for d in auto["rules"]:
            self.engine.add(Rule.from_dict(d))
        self.echo_box.setChecked(auto["echo"])
        self.box.setChecked(auto["enabled"])
        self._toggled()
