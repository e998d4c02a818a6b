"""Take screenshots of the real window in use: `make screenshot` (runs under xvfb-run).

Writes resources/screenshots/*.png. Uses a temporary settings file, loopback only.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

import qasync
from PySide6.QtWidgets import QApplication

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ui.main_window import MainWindow  # noqa: E402

OUT = ROOT / "resources" / "screenshots"
#: `python tools/screenshot.py zh_CN` takes the Chinese screenshots (files end in -zh_CN).
LANG = sys.argv[1] if len(sys.argv) > 1 else "en"
SUFFIX = "" if LANG == "en" else f"-{LANG}"


async def settle(page: object, window: MainWindow) -> None:
    for _ in range(5):
        await asyncio.sleep(0.05)
        page.flush()  # type: ignore[attr-defined]
        QApplication.processEvents()


async def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    tmp = tempfile.mkdtemp()
    window = MainWindow(str(Path(tmp) / "settings.ini"))
    window.resize(1280, 800)
    window.show()
    server = window.pages()[0]
    server.local_host.setCurrentText("127.0.0.1")
    server.local_port.setValue(0)
    server.encoding_box.setCurrentIndex(server.encoding_box.findData("gb2312"))
    await server.open_session()
    port = server.session.local_address.port
    writers = []
    for text in ("你好，服务器！这是客户端一号。\r\n", "hello from client 2\r\n", "温度=23.5℃ 湿度=61%\r\n"):
        _, w = await asyncio.open_connection("127.0.0.1", port)
        w.write(text.encode("gbk"))
        writers.append(w)
        await asyncio.sleep(0.05)
    server.send_edit.setPlainText("哈哈")
    server.send_now()
    server.send_edit.setPlainText("AT+RST\\r\\n")
    server.escapes.setChecked(True)
    server.send_target.setCurrentIndex(1)
    server.send_now()
    writers[1].write(b"\x01\x02\xff binary \xfe\r\n")
    await settle(server, window)
    window.grab().save(str(OUT / f"tcp-server{SUFFIX}.png"))

    server.receive_hex.setChecked(True)
    await settle(server, window)
    window.grab().save(str(OUT / f"tcp-server-hex{SUFFIX}.png"))
    server.receive_hex.setChecked(False)

    window.tabs.setCurrentIndex(2)
    udp = window.pages()[2]
    udp.local_host.setCurrentText("127.0.0.1")
    udp.local_port.setValue(0)
    await udp.open_session()
    udp.remote_host.setCurrentText("127.0.0.1")
    udp.remote_port.setValue(udp.session.local_address.port)
    udp.send_hex.setChecked(True)
    udp.receive_hex.setChecked(True)
    udp.send_edit.setPlainText("01 03 00 00 00 0A C5 CD")
    udp.send_now()
    udp.send_edit.setPlainText("01 03 00 0G")
    await settle(udp, window)
    window.grab().save(str(OUT / f"udp{SUFFIX}.png"))

    # the tools in use: Modbus request with CRC, periodic send, framing, quick commands, auto-reply
    from app.autoreply import Rule
    from app.quick import QuickCommand

    window.set_quick_commands([QuickCommand("读保持寄存器", "01 03 00 00 00 0A", True, checksum="crc16-modbus"),
                               QuickCommand("复位 AT+RST", "AT+RST\\r\\n"),
                               QuickCommand("查询版本", "AT+GMR\\r\\n")])
    client = window.pages()[1]
    window.tabs.setCurrentIndex(1)
    client.remote_host.setCurrentText("127.0.0.1")
    client.remote_port.setValue(port)
    server.set_auto_reply([Rule("01 03", "hex", "01 03 02 00 2A 38 5B", reply_hex=True)], echo=False)
    server.auto_reply_box.setChecked(True)
    await client.open_session()
    client.receive_hex.setChecked(True)
    client.framing.mode.setCurrentIndex(client.framing.mode.findData("idle"))
    client.send_hex.setChecked(True)
    client.checksum.box.setCurrentIndex(client.checksum.box.findData("crc16-modbus"))
    client.send_edit.setPlainText("01 03 00 00 00 0A")
    client.periodic.period.setValue(200)
    client.periodic.count.setValue(5)
    client.send_tools.setCurrentWidget(client.periodic)
    client.periodic.check.setChecked(True)
    for _ in range(30):
        await asyncio.sleep(0.05)
        if not client.periodic.check.isChecked():
            break
    await settle(client, window)
    window.grab().save(str(OUT / f"tools{SUFFIX}.png"))

    for w in writers:
        w.close()
    await window.shutdown()


if __name__ == "__main__":
    from ui import i18n

    app = QApplication(sys.argv)
    translators = i18n.install(app, LANG)
    qasync.run(main())
