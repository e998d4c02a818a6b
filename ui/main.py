"""Entry point: the command line, QApplication, translators, Qt's messages, the error handler, and the window on a
qasync loop."""

from __future__ import annotations

import asyncio
import gc
import json
import logging
import multiprocessing
import os
import sys
import tempfile
import time
import traceback
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QMessageLogContext,
    QtMsgType,
    QTranslator,
    qInstallMessageHandler,
)
from PySide6.QtWidgets import QApplication, QMessageBox

from app.core import heap
from app.net.limits import raise_fd_limit
from ui import i18n
from ui import loop as event_loop
from ui.resources import app_icon
from ui.settings import Settings
from ui.texts import fill

if TYPE_CHECKING:  # imported when the window is built: --help, --version and the display check stay quick
    from ui.window.main_window import MainWindow

log = logging.getLogger("netassist")
RESTART = 75
#: Exit codes besides 0 and RESTART: a command line that cannot be used, and no display to show a window on.
USAGE_ERROR = 2
NO_DISPLAY = 1

# ------------------------------------------------------------------------------------ command line
#
# Printed before the QApplication (and so its translators) exists: marked for lupdate here, translated by
# console_text() with a translator of its own. (QT_TRANSLATE_NOOP gives back its text; PySide6's stub says object.)

_HELP = cast(str, QT_TRANSLATE_NOOP("Startup", """Usage: %1 [options]

NetAssist: a network debugging assistant for TCP and UDP.

Options:
  --settings FILE  keep the settings in this INI file instead of the user's own
  --lang LANG      the window's language: en, zh_CN or system (default: the Language menu's choice)
  --smoke          self-test: open a TCP server, exchange data with a client, print JSON lines, exit
  --version        print the version and exit
  -h, --help       print this help and exit

Qt's own options (-platform NAME, -style NAME, …) are passed on to Qt."""))
_UNKNOWN_OPTION = cast(str, QT_TRANSLATE_NOOP("Startup", "NetAssist: unknown option %1 (%2 --help lists the options)"))
_NEEDS_VALUE = cast(str, QT_TRANSLATE_NOOP("Startup",
                                           "NetAssist: option %1 needs a value (%2 --help lists the options)"))
_NO_DISPLAY = cast(str, QT_TRANSLATE_NOOP(
    "Startup", "NetAssist needs a graphical display: no DISPLAY or WAYLAND_DISPLAY is set. Run it on a desktop, "
               "under Xvfb (xvfb-run make run), or with QT_QPA_PLATFORM=offscreen for tests."))

#: Options of ours that take a value, and that do not.
_VALUE_OPTIONS = ("--settings", "--lang")
_FLAG_OPTIONS = ("--smoke", "--version", "--help", "-h")
#: Qt's own options (QGuiApplication, QApplication, xcb), which Qt also accepts spelt with two dashes: passed
#: on untouched. Any other argument that starts with "--" is a mistake worth saying so.
_QT_OPTIONS = frozenset({
    "platform", "platformpluginpath", "platformtheme", "plugin", "qmljsdebugger", "qwindowgeometry",
    "qwindowicon", "qwindowtitle", "reverse", "session", "style", "stylesheet", "widgetcount", "display",
    "geometry", "title", "name", "visual", "ncols", "cmap", "nograb", "dograb", "sync",
})


class UsageError(Exception):
    """A command line that cannot be used; the message is in the user's language."""


@dataclass
class Options:
    """What the command line asks for. Arguments that are not ours are left to Qt."""

    settings: str | None = None
    lang: str | None = None
    smoke: bool = False
    version: bool = False
    help: bool = False
    #: Qt's arguments (``-platform offscreen`` …), in order.
    qt: list[str] = field(default_factory=list)


def program_name(argv0: str) -> str:
    """How the user started us, for the usage line: ``python -m ui`` or the launcher's name."""
    name = Path(argv0).name if argv0 else "netassist"
    return "python -m ui" if name == "__main__.py" else name


def console_text(source: str, lang: str | None = None) -> str:
    """A ``"Startup"`` text in the user's language (``--lang``, else the system's), without a QApplication."""
    language = i18n.resolve(lang)
    if language != "en":
        translator = QTranslator()
        if translator.load(f"netassist_{language}", i18n.translations_dir()):
            return translator.translate("Startup", source) or source
    return source


def parse_args(argv: list[str]) -> Options:
    """Read ``argv`` (``argv[0]`` is the program). Raises :class:`UsageError` naming the first problem."""
    options = Options()
    problem: tuple[str, str] | None = None  # (template, argument): worded once --lang is known
    args = iter(argv[1:])
    for arg in args:
        name, eq, value = arg.partition("=")
        if name in _VALUE_OPTIONS:
            if not eq:
                value = next(args, "")
            if value:
                setattr(options, name[2:], value)
            else:
                problem = problem or (_NEEDS_VALUE, name)
        elif arg in _FLAG_OPTIONS:
            options.smoke |= arg == "--smoke"
            options.version |= arg == "--version"
            options.help |= arg in ("--help", "-h")
        elif arg.startswith("--") and arg != "--" and name[2:] not in _QT_OPTIONS:
            problem = problem or (_UNKNOWN_OPTION, arg)
        else:
            options.qt.append(arg)
    if problem is not None:
        template, arg = problem
        raise UsageError(fill(console_text(template, options.lang), arg, program_name(argv[0] if argv else "")))
    return options


def version() -> str:
    """The installed package's version (its metadata, from pyproject.toml); the engine's own in a bundle."""
    from importlib import metadata

    try:
        return metadata.version("netassist")
    except metadata.PackageNotFoundError:
        import app

        return app.__version__


def _print_out(text: str) -> None:
    """Print to stdout; a reader that went away early (``--help | head -1``) is no error."""
    try:
        print(text, flush=True)
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so the exit's flush is quiet too


def display_problem(options: Options, env: Mapping[str, str] = os.environ,
                    platform: str = sys.platform) -> str | None:
    """Why no window can be shown, in words; None when there is (or may be) a display.

    Without a display Qt's xcb plugin fails with a message about libxcb-cursor0, which misleads. Only Linux is
    asked: there a window needs X11 (DISPLAY) or Wayland (WAYLAND_DISPLAY), unless the user chose a platform
    (QT_QPA_PLATFORM=offscreen, minimal, vnc …, or -platform on the command line).
    """
    if not platform.startswith("linux"):
        return None
    if env.get("DISPLAY") or env.get("WAYLAND_DISPLAY") or env.get("QT_QPA_PLATFORM"):
        return None
    if any(a.startswith("-") and a.lstrip("-").split("=", 1)[0] == "platform" for a in options.qt):
        return None
    return console_text(_NO_DISPLAY, options.lang)


# ---------------------------------------------------------------------------------------- Qt's messages

#: Warnings Qt prints that say nothing the user or we can act on: (category, start of the message).
#: Keep this list short; every other message goes on to logging.
HARMLESS_QT_MESSAGES: tuple[tuple[str, str], ...] = (
    # the font database, once per installed font lacking OpenType tables for a script (~90 lines per start
    # with a full font set): Qt falls back to its own shaping, text renders fine
    ("qt.text.font.db", "OpenType support missing for"),
    # the offscreen platform (tests, --smoke) cannot pass a window's size hints to a window manager
    ("default", "This plugin does not support propagateSizeHints()"),
)

_QT_LEVELS = {
    # Qt shows debug and info messages only for categories the user enabled (QT_LOGGING_RULES): keep showing them
    QtMsgType.QtDebugMsg: logging.INFO,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def is_harmless(category: str, message: str) -> bool:
    return any(category == c and message.startswith(m) for c, m in HARMLESS_QT_MESSAGES)


def qt_message_handler(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
    """Qt's messages into Python logging (logger ``qt`` or the category's name), the harmless ones dropped."""
    try:
        category = context.category or "default"
        if is_harmless(category, message):
            return
        name = category if category.startswith("qt") else "qt" if category == "default" else f"qt.{category}"
        logging.getLogger(name).log(_QT_LEVELS.get(mode, logging.WARNING), "%s", message)
    except Exception:  # never raise into Qt; never lose the message
        print(message, file=sys.stderr)


def install_qt_message_handler() -> None:
    qInstallMessageHandler(qt_message_handler)


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


def settle_heap() -> heap.Collector:
    """Once the window is built: what exists now (Qt wrappers, modules, the window) lives for the whole run.
    Moving it out of the collector's reach keeps a full collection short (measured: a 23 ms stall while
    10,000 datagrams a second arrived, under 3 ms after). From then on a full collection runs every 30 s
    (see ``heap.Collector``: closed connections are cyclic garbage)."""
    gc.collect()
    gc.freeze()
    collector = heap.Collector()
    collector.start()
    return collector


async def _smoke(window: MainWindow) -> None:
    """Start a TCP server page on an ephemeral loopback port, exchange data with a real client, close."""
    page = window.new_session("tcp-server", {"local_host": "127.0.0.1", "local_port": 0})
    await page.open_session()
    address = page.session.local_address
    assert address is not None, page.state_label.text()
    payload = "smoke 你好".encode()
    arrived = asyncio.Event()

    def on_event(_e: object) -> None:
        if page.session.counters.total.rx_bytes >= len(payload):
            arrived.set()

    page.session.subscribe(on_event)
    reader, writer = await asyncio.open_connection("127.0.0.1", address.port)
    writer.write(payload)
    await writer.drain()
    await asyncio.wait_for(arrived.wait(), 5)
    page.send_edit.setPlainText("pong")
    assert page.send_now()
    assert await asyncio.wait_for(reader.readexactly(4), 5) == b"pong"
    # the chart (pyqtgraph inside a bundle): numbers in lines, read back and drawn into a PNG
    box = page.chart.source
    box.setCurrentIndex(box.findData("lines"))
    page.receive_tabs.setCurrentWidget(page.chart)
    writer.write(b"\nt:1.5,u:-2\nt:2.5,u:-3\n")
    await writer.drain()
    view = page.chart.view
    for _ in range(200):
        page.flush()
        if view.seriesValues("u") == [-2.0, -3.0]:
            break
        await asyncio.sleep(0.025)
    assert view.seriesValues("t") == [1.5, 2.5], view.seriesNames()
    with tempfile.TemporaryDirectory() as folder:
        png = Path(folder) / "chart.png"
        assert page.chart.export_png(str(png))
        size = png.stat().st_size
    import pyqtgraph

    print(json.dumps({"smoke": "chart", "series": view.seriesNames(), "png_bytes": size,
                      "pyqtgraph": pyqtgraph.__version__}), flush=True)
    writer.close()
    page.flush()
    assert "smoke 你好" in page.receive_view.toPlainText()


async def _main(settings_path: str | None, smoke: bool, started: float) -> int:
    reporter = ErrorReporter()
    sys.excepthook = reporter.excepthook
    loop = asyncio.get_running_loop()
    loop.set_exception_handler(reporter.loop_handler)
    from ui.window.main_window import MainWindow

    window = MainWindow(settings_path)
    done = asyncio.Event()
    window.closed.connect(done.set)
    window.destroyed.connect(done.set)  # (a window deleted before it could say it closed)
    window.show()
    settle_heap()
    code = 0
    if smoke:
        QApplication.processEvents()
        print(json.dumps({"smoke": "window-shown", "seconds": round(time.perf_counter() - started, 3)}), flush=True)
        try:
            await asyncio.wait_for(_smoke(window), 20)
            print(json.dumps({"smoke": "ok"}), flush=True)
        except Exception as exc:
            traceback.print_exc()
            print(json.dumps({"smoke": "failed", "error": str(exc)}), flush=True)
            code = 1
        window.close()
    await done.wait()
    await loop.shutdown_default_executor()
    if window.restart_requested:
        code = RESTART
    return code


def run(argv: list[str] | None = None) -> int:
    """Start NetAssist. Options: ``--settings FILE`` (an INI path), ``--lang LANG``, ``--smoke`` (self-test,
    then exit), ``--help``, ``--version``; the rest go to Qt (``-platform offscreen`` …)."""
    started = time.perf_counter()
    multiprocessing.freeze_support()  # the regex worker (app.core.safe_regex) is started from a frozen bundle too
    argv = list(sys.argv if argv is None else argv)
    try:
        options = parse_args(argv)
    except UsageError as exc:
        print(exc, file=sys.stderr)
        return USAGE_ERROR
    if options.help:
        _print_out(fill(console_text(_HELP, options.lang), program_name(argv[0] if argv else "")))
        return 0
    if options.version:
        _print_out(f"NetAssist {version()}")
        return 0
    if QApplication.instance() is None and (problem := display_problem(options)):
        print(problem, file=sys.stderr)
        return NO_DISPLAY
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    install_qt_message_handler()
    raise_fd_limit()  # (a thousand clients, a relay's thousand sources: a file each; 1,024 is the usual soft limit)
    settings_path = options.settings
    app = QApplication.instance() or QApplication(argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("NetAssist")
    app.setOrganizationName("NetAssist")
    app.setQuitOnLastWindowClosed(False)  # the window closes asynchronously; _main returns after cleanup
    app.setWindowIcon(app_icon())
    translators = i18n.install(app, options.lang or Settings(settings_path).language)  # noqa: F841 (kept alive)
    smoke = options.smoke
    if smoke and settings_path is None:
        settings_path = str(Path(tempfile.mkdtemp(prefix="netassist-smoke-")) / "settings.ini")
    code = event_loop.run(_main(settings_path, smoke, started))
    if code == RESTART:  # the user switched language: start again in it
        os.execv(sys.executable, [sys.executable, "-m", "ui", *argv[1:]])
    return code


if __name__ == "__main__":
    sys.exit(run())
