"""Mouse and keys in the receive view: scrolling, selecting, expanding a summary line, copying (text or
hex)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence, QMouseEvent, QWheelEvent

from app.core.codec import format_hex
from app.view.layout import K_CONT, K_NOTICE, K_SUMMARY


class Selecting:
    """The part of :class:`~ui.receive.view.ReceiveView` that handles the mouse and keys, and the selection
    (a plain :class:`~ui.receive.selection.Selection`) and copy they drive."""

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120
        if steps:
            bar = self.verticalScrollBar()
            bar.setValue(bar.value() - (round(steps * 3) or (1 if steps > 0 else -1)))
        dx = event.angleDelta().x()
        if dx and not self.wrap:
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - dx)
        event.accept()

    def _hit(self, point: QPoint) -> tuple[int, int]:
        """(item, text offset) under a point of the viewport."""
        row = self.verticalScrollBar().value() + point.y() // self._line_height()
        if self._tail:
            row = max(0, self.layout.items.total_rows - self._page()) + point.y() // self._line_height()
        rows = self.layout.rows(row, 1)
        text = "".join(t for t, _ in rows[0][0]) if rows else ""
        x = point.x() - 4 + self.horizontalScrollBar().value()
        metrics = self.fontMetrics()
        col = 0
        while col < len(text) and metrics.horizontalAdvance(text[:col + 1]) <= x + 2:
            col += 1
        return self.layout.offset_at(row, col)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or not self._exact() or not len(self.layout.items):
            return super().mousePressEvent(event)
        self.setFocus()
        hit = self._hit(event.position().toPoint())
        self.selection.press(hit, extend=bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier))
        self.viewport().update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self.selection.pressed is None or not self.selection.active:
            return
        point = event.position().toPoint()
        if point.y() < 0:
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() - 1)
        elif point.y() > self.viewport().height():
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() + 1)
        self.selection.drag(self._hit(point))
        self.viewport().update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        pressed, clicked = self.selection.release()
        if not pressed:
            return
        if clicked is not None:  # a click: expands or folds a summary line
            item = clicked[0]
            if item < self.layout.items.end and self.layout.items.meta(item) & K_SUMMARY:
                self.layout.toggle_expanded(item)
                self._refresh()
            if item < self.layout.items.end and not self.layout.items.meta(item) & K_NOTICE:
                self.messageClicked.emit(item)
        elif QGuiApplication.clipboard().supportsSelection():
            QGuiApplication.clipboard().setText(self.selectedText(), QGuiApplication.clipboard().Mode.Selection)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        item, _offset = self._hit(event.position().toPoint())
        if item < self.layout.items.end:
            self.selection.set((item, 0), (item, len(self.layout.item_text(item))))
            self.viewport().update()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        bar = self.verticalScrollBar()
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy()
        elif event.matches(QKeySequence.StandardKey.SelectAll):
            self.select_all()
        elif event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown,
                             Qt.Key.Key_Home, Qt.Key.Key_End):
            page = self._page()
            step = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1, Qt.Key.Key_PageUp: -page, Qt.Key.Key_PageDown: page,
                    Qt.Key.Key_Home: -bar.maximum() - page, Qt.Key.Key_End: bar.maximum() + page}[event.key()]
            if event.modifiers() & Qt.KeyboardModifier.ShiftModifier and self._exact():
                self._extend_selection(step)
            elif event.key() == Qt.Key.Key_End and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                self.scroll_to_end()
            elif event.key() == Qt.Key.Key_Home and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                bar.setValue(0)
            else:
                bar.setValue(bar.value() + step)
        else:
            super().keyPressEvent(event)

    def _extend_selection(self, step: int) -> None:
        layout = self.layout
        items = layout.items
        if self.selection.ends is None:
            top = self.verticalScrollBar().value()
            start = layout.offset_at(top, 0)
            self.selection.set(start, start)
        assert self.selection.ends is not None
        row, col = layout.text_position(*self.selection.ends[1])
        row = min(max(0, row + step), max(0, items.total_rows - 1))
        self.selection.extend_to(layout.offset_at(row, col))
        self.scroll_to_row(row)
        self.viewport().update()


    def select_all(self) -> None:
        """Everything laid out so far (all of it unless a new layout is still being built)."""
        items = self.layout.items
        if not len(items):
            return
        last = items.end - 1
        self.selection.set((items.first, 0), (last, len(self.layout.item_text(last))))
        self.viewport().update()

    def selectedText(self) -> str:
        """The selection as shown (rows joined by line breaks, wrapped lines joined)."""
        layout = self.layout
        return self.selection.text(layout.item_text, lambda item: bool(layout.items.meta(item) & K_CONT),
                                   layout.items.first, layout.items.end)

    def selectedBytes(self) -> bytes:
        """The bytes of the messages the selection touches (notices have none)."""
        layout = self.layout
        return b"".join(layout.item_bytes(item) for item in self.selection.items(layout.items.first,
                                                                                 layout.items.end))

    def copy(self) -> None:
        text = self.selectedText()
        if text:
            QGuiApplication.clipboard().setText(text)

    def copy_hex(self) -> None:
        data = self.selectedBytes()
        if data:
            QGuiApplication.clipboard().setText(format_hex(data))
