"""The bar at the top of the window that says what could not be read from the settings (or reopened)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget

from ui.options import Problem
from ui.texts import fill, problem_text

#: Problems with log tabs to reopen (ui.options.Problem kinds: ``key`` is the file, ``value`` the reason).
LOG_PROBLEMS = ("log-missing", "log-unreadable", "log-lines")


class SettingsBanner(QFrame):
    """A bar at the top of the window: what could not be read from the settings, and what was used instead."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("settingsWarning")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#settingsWarning { background: #fff3cd; color: #5c4400; }")
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QToolButton(self)
        close.setText("✕")
        close.setAccessibleName(self.tr("Dismiss"))
        close.clicked.connect(self.hide)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 4, 4)
        row.addWidget(self.text, 1)
        row.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    def show_warnings(self, warnings: list[Problem]) -> None:
        if not warnings:
            return
        lines = [self._text(w) for w in warnings]
        if all(w.kind in LOG_PROBLEMS[:2] for w in warnings):
            head = self.tr("Some tabs could not be opened again:")
        elif all(w.kind in LOG_PROBLEMS for w in warnings):
            head = self.tr("Some logs could not be opened again, or only in part:")
        else:
            head = self.tr("Some settings could not be read and were reset to their defaults:")
        more = [self.tr("… and %1 more").replace("%1", str(len(lines) - 8))] if len(lines) > 8 else []
        self.text.setText(head + "\n• " + "\n• ".join(lines[:8] + more))
        self.setToolTip("\n".join(lines))
        self.show()

    def _text(self, p: Problem) -> str:
        if p.kind == "log-missing":
            return fill(self.tr("The log %1 no longer exists; its tab was not opened again"), p.key)
        if p.kind == "log-unreadable":
            return fill(self.tr("The log %1 cannot be read (%2); its tab was not opened again"), p.key, p.value)
        if p.kind == "log-lines":
            return fill(self.tr("The log %1: %2 lines are not records and were skipped (%3)"), p.key, p.value,
                        p.used)
        return problem_text(p)
