"""Small field builders shared by the panels, and the two behaviours every field in a settings column needs:
a port box that says when a port is out of range, and a wheel that scrolls the column instead of changing a
field the user is only scrolling past."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QToolButton,
    QWidget,
)

from app.core.addresses import check_port
from app.core.errors import InvalidAddress


def spin(name: str, accessible: str, lo: int, hi: int, value: int = 0, suffix: str = "") -> QSpinBox:
    box = QSpinBox()
    box.setObjectName(name)
    box.setRange(lo, hi)
    box.setValue(value)
    box.setAccessibleName(accessible)
    if suffix:
        box.setSuffix(suffix)
    return box


def combo(name: str, accessible: str, items: list[tuple[str, Any]]) -> QComboBox:
    box = QComboBox()
    box.setObjectName(name)
    box.setAccessibleName(accessible)
    for text, data in items:
        box.addItem(text, data)
    return box


def host_combo(name: str, accessible: str, items: list[str]) -> QComboBox:
    """An editable host box with remembered entries (inserting is done by the owner, not on Enter)."""
    box = QComboBox()
    box.setObjectName(name)
    box.setEditable(True)
    box.addItems(items)
    box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    box.setAccessibleName(accessible)
    box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    return box


def check(name: str, text: str, checked: bool = False) -> QCheckBox:
    box = QCheckBox(text)
    box.setObjectName(name)
    box.setChecked(checked)
    box.setAccessibleName(text)
    return box


def tool(text: str, name: str, accessible: str, tip: str = "") -> QToolButton:
    button = QToolButton()
    button.setText(text)
    button.setObjectName(name)
    button.setAccessibleName(accessible)
    button.setToolTip(tip or accessible)
    return button


def select(box: QComboBox, data: Any) -> None:
    i = box.findData(data)
    if i >= 0:
        box.setCurrentIndex(i)


def set_quietly(box: QCheckBox, checked: bool) -> None:
    """Check or uncheck without running the handlers (the state is being shown, not asked for)."""
    box.blockSignals(True)
    box.setChecked(checked)
    box.blockSignals(False)


class PortBox(QSpinBox):
    """A port: 1-65535 (``listen``: 0 too, shown as "any"). Typing past the range is kept and marked, not
    silently cut (a plain spin box turned 70000 into 7000); ``problem`` says what is wrong in words."""

    validityChanged = Signal()

    def __init__(self, name: str, accessible: str, *, listen: bool, any_text: str = "") -> None:
        super().__init__()
        self.listen = listen
        self.setObjectName(name)
        self.setAccessibleName(accessible)
        self.setRange(0, 99_999)  # room to type a wrong port and be told
        if listen and any_text:
            self.setSpecialValueText(any_text)
        self._problem: str | None = None
        self.valueChanged.connect(self._check)
        self._check()

    def problem(self) -> InvalidAddress | None:
        try:
            check_port(self.value(), listen=self.listen)
        except InvalidAddress as exc:
            return exc
        return None

    def _check(self, *args: object) -> None:
        exc = self.problem()
        text = None if exc is None else exc.message
        if text != self._problem:
            self._problem = text
            self.setProperty("invalid", text is not None)
            self.setStyleSheet("QSpinBox { border: 2px solid #c62828; }" if text else "")
            self.setToolTip(text or "")
            self.validityChanged.emit()


class WheelGuard(QObject):
    """The mouse wheel over a combo or spin box without focus scrolls the column it sits in; it changes the
    field only once the user has clicked into it (it switched Framing to "Idle gap" under a scrolling user)."""

    def __init__(self, scroll: QScrollArea) -> None:
        super().__init__(scroll)
        self.scroll = scroll

    def guard(self, root: QWidget) -> None:
        for w in root.findChildren(QAbstractSpinBox) + root.findChildren(QComboBox):
            w.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            w.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Wheel and isinstance(watched, QWidget) and not watched.hasFocus():
            bar = self.scroll.verticalScrollBar()
            bar.event(event)  # scroll the column as if the wheel were over its background
            return True
        return False
