"""Entry point: QApplication, translators, the error handler, and the window on a qasync loop."""

from __future__ import annotations

import asyncio
import logging
import sys
import traceback
from types import TracebackType

import qasync
from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox

from ui.main_window import MainWindow

log = logging.getLogger("netassist")


class ErrorReporter:
    """One handler for uncaught exceptions from slots and tasks: log, show a dialog, keep running."""

    def __init__(self) -> None:
        self._showing = False

    def excepthook(self, etype: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        text = "".join(traceback.format_exception(etype, value, tb))
        log.error("uncaught exception:\n%s", text)
        if self._showing or QApplication.instance() is None:
            return
        self._showing = True
        box = QMessageBox(QMessageBox.Icon.Critical, QApplication.translate("Errors", "Unexpected error"),
                          QApplication.translate("Errors", "Something went wrong; NetAssist keeps running.")
                          + "\n\n" + f"{etype.__name__}: {value}")
        box.setDetailedText(text)
        box.finished.connect(self._closed)
        box.setModal(False)
        box.show()
        self._box = box

    def _closed(self, *args: object) -> None:
        self._showing = False

    def loop_handler(self, loop: asyncio.AbstractEventLoop, context: dict) -> None:
        exc = context.get("exception")
        if isinstance(exc, BaseException):
            self.excepthook(type(exc), exc, exc.__traceback__)
        else:
            log.error("event loop: %s", context.get("message"))


def install_translators(app: QApplication) -> list[QTranslator]:
    """Qt's own translations for the system locale (the app's own come with the Chinese translation)."""
    out = []
    qt = QTranslator(app)
    if qt.load(QLocale(), "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        out.append(qt)
    return out


async def _main(settings_path: str | None) -> int:
    reporter = ErrorReporter()
    sys.excepthook = reporter.excepthook
    asyncio.get_running_loop().set_exception_handler(reporter.loop_handler)
    window = MainWindow(settings_path)
    done = asyncio.Event()
    window.closed.connect(done.set)
    window.show()
    await done.wait()
    return 0


def run(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings_path = None
    if "--settings" in argv:
        settings_path = argv[argv.index("--settings") + 1]
    app = QApplication.instance() or QApplication(argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("NetAssist")
    app.setOrganizationName("NetAssist")
    app.setQuitOnLastWindowClosed(False)  # the window closes asynchronously; _main returns after cleanup
    install_translators(app)
    return qasync.run(_main(settings_path))


if __name__ == "__main__":
    sys.exit(run())
