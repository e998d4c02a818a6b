"""Take screenshots of the real window in use: `make screenshot` (runs under xvfb-run).

Writes resources/screenshots/*.png. Uses a temporary settings file, loopback only.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication, QCheckBox

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ui import MainWindow  # noqa: E402

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
    from app.automation.autoreply import Rule
    from app.automation.quick import QuickCommand

    window.set_quick_commands([QuickCommand("读保持寄存器", "01 03 00 00 00 0A", True, checksum="crc16-modbus"),
                               QuickCommand("复位 AT+RST", "AT+RST\\r\\n"),
                               QuickCommand("查询版本", "AT+GMR\\r\\n")])
    client = window.pages()[1]
    window.tabs.setCurrentIndex(1)
    client.remote_host.setCurrentText("127.0.0.1")
    client.remote_port.setValue(port)
    server.set_auto_reply([Rule("01 03", "hex", "01 03 02 00 2A 39 9B", reply_hex=True)], echo=False)
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

    await sequence_tab(window, client)
    await fitting_page(window, server)
    for w in writers:
        w.close()
    await relay_page(window)
    await udp_relay_page(window)
    await tls_pages(window)
    await ws_pages(window)
    await many_clients_page(window)
    await busy_pages(window)
    await chart_page(window)
    await decode_pages(window)
    await window.shutdown()


async def fitting_page(window: MainWindow, server: object) -> None:
    """The smallest screen a page must fit: 1024×700, the first page (a server with clients), checksum tab open."""
    window.resize(1024, 700)
    window.tabs.setCurrentWidget(server)  # type: ignore[arg-type]
    server.send_tools.setCurrentWidget(server.send_settings.checksum)  # type: ignore[attr-defined]
    hex_box = server.findChild(QCheckBox, "receiveHex")  # type: ignore[attr-defined]
    hex_box.setChecked(True)  # (the Modbus polling of the sequence shot reads better as bytes)
    await settle(server, window)
    window.grab().save(str(OUT / f"fit-1024x700{SUFFIX}.png"))
    hex_box.setChecked(False)
    window.resize(1280, 800)


async def sequence_tab(window: MainWindow, client: object) -> None:
    """A Modbus poll as a sequence: send with CRC, expect the reply, wait, three times; run to a pass."""
    from app.automation.sequence import Sequence, Step

    poll = Sequence("Modbus 读寄存器" if LANG != "en" else "Modbus poll", [
        Step("send", "01 03 00 00 00 0A", hex=True, checksum="crc16-modbus"),
        Step("expect", "01 03 02", match="hex", ms=1000),
        Step("wait", ms=100),
        Step("repeat", start=1, times=3)])
    window.set_sequences([poll])
    tool = client.send_settings.sequence  # type: ignore[attr-defined]
    client.send_tools.setCurrentWidget(tool)  # type: ignore[attr-defined]
    tool.run_button.setChecked(True)
    for _ in range(60):
        await asyncio.sleep(0.05)
        if not tool.run_button.isChecked():
            break
    await settle(client, window)
    from PySide6.QtWidgets import QScrollArea

    column = client.findChild(QScrollArea, "settingsColumn")  # type: ignore[attr-defined]
    column.ensureWidgetVisible(tool.results, 0, 0)
    await settle(client, window)
    window.grab().save(str(OUT / f"sequence{SUFFIX}.png"))


async def relay_page(window: MainWindow) -> None:
    """A device talking to its server through a relay page; one line injected towards the device."""

    async def cloud(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while data := await reader.readline():
            writer.write(b"ACK " + data)

    target = await asyncio.start_server(cloud, "127.0.0.1", 0)
    page = window.new_session("tcp-relay", {"local_host": "127.0.0.1", "local_port": 0,
                                            "remote_host": "127.0.0.1",
                                            "remote_port": target.sockets[0].getsockname()[1],
                                            "log_mode": True, "inject": "to-client"})
    await page.open_session()
    reader, writer = await asyncio.open_connection("127.0.0.1", page.session.local_address.port)
    for _ in range(40):
        await asyncio.sleep(0.05)
        if any(p.target is not None for p in page.session.pairs.values()):
            break
    for line in (b"HELLO dev-42\n", b"temp=23.5 hum=61\n", b"temp=23.6 hum=61\n"):
        writer.write(line)
        await reader.readline()
    page.send_edit.setPlainText("SET interval=5\\n")
    page.escapes.setChecked(True)
    page.send_now()
    await reader.readline()
    await settle(page, window)
    window.grab().save(str(OUT / f"relay{SUFFIX}.png"))
    writer.close()
    target.close()


async def udp_relay_page(window: MainWindow) -> None:
    """Three devices reporting over UDP to a collector through a UDP relay page: each gets its own mapping."""
    loop = asyncio.get_running_loop()

    class Collector(asyncio.DatagramProtocol):
        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            self.t = transport

        def datagram_received(self, data: bytes, addr: tuple) -> None:
            self.t.sendto(b"ACK " + data.split(b" ")[0], addr)  # type: ignore[attr-defined]

    collector, _ = await loop.create_datagram_endpoint(Collector, local_addr=("127.0.0.1", 0))
    page = window.new_session("udp-relay", {"local_host": "127.0.0.1", "local_port": 0, "log_mode": True,
                                            "remote_host": "127.0.0.1",
                                            "remote_port": collector.get_extra_info("sockname")[1]})
    await page.open_session()
    devices = []
    for _ in range(3):
        t, _p = await loop.create_datagram_endpoint(asyncio.DatagramProtocol, local_addr=("127.0.0.1", 0))
        devices.append(t)
    for n in range(2):
        for i, t in enumerate(devices):
            t.sendto(f"dev-{i + 1} temp={21 + i}.{n} hum=6{i}".encode(), ("127.0.0.1", page.session.local_address.port))
            await asyncio.sleep(0.02)
    await settle(page, window)
    window.grab().save(str(OUT / f"udp-relay{SUFFIX}.png"))
    for t in devices:
        t.close()
    await page.session.close()
    collector.close()


async def tls_pages(window: MainWindow) -> None:
    """A TLS server page with a certificate made for the session, and a TLS client page talking to it."""
    server = window.new_session("tcp-server", {"local_host": "127.0.0.1", "local_port": 0, "log_mode": True,
                                               "tls_enabled": True, "tls_self_signed": True})
    await server.open_session()
    client = window.new_session("tcp-client", {"remote_host": "127.0.0.1", "log_mode": True,
                                               "remote_port": server.session.local_address.port,
                                               "tls_enabled": True, "tls_verify": False,
                                               "tls_server_name": "localhost", "tls_alpn": "http/1.1"})
    await client.open_session()
    for _ in range(40):
        await asyncio.sleep(0.05)
        if server.session.peers:
            break
    client.send_edit.setPlainText("GET /status HTTP/1.1\\r\\nHost: localhost\\r\\n\\r\\n")
    client.escapes.setChecked(True)
    client.send_now()
    server.send_edit.setPlainText("HTTP/1.1 200 OK\\r\\nContent-Length: 2\\r\\n\\r\\nOK")
    server.escapes.setChecked(True)
    server.send_now()
    await settle(client, window)
    window.grab().save(str(OUT / f"tls{SUFFIX}.png"))
    await client.session.close()
    await server.session.close()


async def ws_pages(window: MainWindow, out: Path = OUT, sizes: tuple[tuple[int, int], ...] = ((1280, 800),)
                   ) -> None:
    """A WebSocket server page (path /ws) with two clients of the ``websockets`` library (text, binary, a ping, a
    close with a code and reason), and a WebSocket client page talking to it. ``ws.png``: the server page."""
    from websockets.asyncio.client import connect

    server = window.new_session("ws-server", {"local_host": "127.0.0.1", "local_port": 0, "log_mode": True,
                                              "path": "/ws", "subprotocols": "json, chat"})
    await server.open_session()
    port = server.session.local_address.port
    sensor = await connect(f"ws://127.0.0.1:{port}/ws?id=7", subprotocols=["json"])  # type: ignore[list-item]
    await sensor.send('{"temp": 23.5, "hum": 61}')
    await sensor.send(bytes.fromhex("01 03 02 00 17 F8 4A"))
    client = window.new_session("ws-client", {"url": f"ws://127.0.0.1:{port}/ws", "log_mode": True,
                                              "subprotocols": "chat", "headers": "Authorization: Bearer 42"})
    await client.open_session()
    client.send_edit.setPlainText("你好，WebSocket！")
    client.send_now()
    viewer = await connect(f"ws://127.0.0.1:{port}/ws", subprotocols=["chat"])  # type: ignore[list-item]
    await viewer.close(4001, "bye")
    window.tabs.setCurrentWidget(server)
    server.send_edit.setPlainText("ack")
    server.send_now()
    server.network.ping_button.click()
    for _ in range(40):
        await asyncio.sleep(0.05)
        if len(server.session.peers) == 2 and "ms" in server.receive_view.toPlainText():
            break
    for width, height in sizes:
        window.resize(width, height)
        tag = "" if (width, height) == (1280, 800) else f"-{width}x{height}"
        window.tabs.setCurrentWidget(server)
        await settle(server, window)
        window.grab().save(str(out / f"ws{tag}{SUFFIX}.png"))
        if out != OUT:
            window.tabs.setCurrentWidget(client)
            await settle(client, window)
            window.grab().save(str(out / f"ws-client{tag}{SUFFIX}.png"))
    window.resize(1280, 800)
    await sensor.close()
    await client.session.close()
    await server.session.close()


async def many_clients_page(window: MainWindow) -> None:
    """A server that serves one client at a time (the course's first server), loaded with 200 connections:
    one answered, the others waiting — then every connection sends."""
    busy = asyncio.Lock()

    async def one_at_a_time(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(asyncio.CancelledError, ConnectionError):
            async with busy:  # accept, recv, send, close — the next client waits its turn
                data = await reader.read(100)
                writer.write("收到：".encode() + data)
                await writer.drain()
                await reader.read()  # served until it leaves

    server = await asyncio.start_server(one_at_a_time, "127.0.0.1", 0)
    page = window.new_session("tcp-clients", {"remote_host": "127.0.0.1", "log_mode": True,
                                              "remote_port": server.sockets[0].getsockname()[1],
                                              "connections": 200, "rate": 1000})
    await page.open_session()
    for _ in range(100):
        await asyncio.sleep(0.05)
        if page.session.connected >= 200:
            break
    page.send_edit.setPlainText("hello {{counter}}")
    page.send_settings.macros_box.setChecked(True)
    page.send_now()
    await settle(page, window)
    window.grab().save(str(OUT / f"many-clients{SUFFIX}.png"))
    await page.session.close()
    server.close()


async def busy_pages(window: MainWindow) -> None:
    """A server with 1,000 clients, a view filtered to one of them, and a search in a long history."""
    from app.core.records import Address
    from tests.perf.senders import raise_fd_limit

    raise_fd_limit()
    page = window.new_session("tcp-server", {"local_host": "127.0.0.1", "local_port": 0, "log_mode": True})
    await page.open_session()
    port = page.session.local_address.port
    proc = await asyncio.create_subprocess_exec(
        sys.executable, str(ROOT / "tests" / "perf" / "senders.py"), "clients", "127.0.0.1", str(port), "1000",
        "500", "2.5", stdout=asyncio.subprocess.DEVNULL)
    for _ in range(200):
        await asyncio.sleep(0.05)
        if len(page.session.peers) >= 1000 and page.session.counters.total.rx_bytes > 16 * 3000:
            break
    from PySide6.QtCore import Qt

    page.clients.view.sortByColumn(3, Qt.SortOrder.DescendingOrder)
    page.send_edit.setPlainText("状态查询 STATUS?\\r\\n")
    page.escapes.setChecked(True)
    await settle(page, window)
    window.grab().save(str(OUT / f"clients{SUFFIX}.png"))
    await proc.wait()
    await settle(page, window)

    # one client's conversation, filtered by a regex
    chat = window.new_session("tcp-server", {"local_host": "127.0.0.1", "local_port": 0, "log_mode": True,
                                             "framing": {"mode": "delimiter", "delimiter": "0D 0A"}})
    await chat.open_session()
    cport = chat.session.local_address.port
    writers = []
    for name in ("sensor-a", "sensor-b", "sensor-c"):
        _, w = await asyncio.open_connection("127.0.0.1", cport)
        writers.append((name, w))
    for k in range(12):
        for name, w in writers:
            w.write(f"{name} temp={20 + (k * 7 + len(name)) % 9}.{k} hum={40 + k}%\r\n".encode())
            if k % 4 == 3:
                w.write(f"{name} ALARM door open\r\n".encode())
        await asyncio.sleep(0.02)
    chat.send_edit.setPlainText("ACK\\r\\n")
    chat.escapes.setChecked(True)
    chat.send_now()
    await settle(chat, window)
    beta = str(Address("127.0.0.1", writers[1][1].get_extra_info("sockname")[1]))
    chat.receive.filters.choose_peer(beta)
    chat.receive.filters.regex.setChecked(True)
    chat.receive.filters.text.setText(r"temp=2[0-4]|ALARM")
    chat.receive_view.set_filter(chat.receive.filters.view_filter())
    await settle(chat, window)
    window.grab().save(str(OUT / f"filter{SUFFIX}.png"))
    for _name, w in writers:
        w.close()

    # a long history: 300,000 records, and a search in it
    long = window.new_session("tcp-client", {"log_mode": True})
    store = long.session.store
    peers = [Address(f"10.0.0.{k}", 50000 + k) for k in range(1, 5)]
    t0 = 1_763_800_000_000
    for i in range(300_000):
        store.add(i + 1, t0 + i * 7, i & 1, peers[i % 4],
                  b"frame %06d seq=%d temp=%d.%d ok\r\n" % (i, i % 256, 18 + i % 9, i % 10))
    long.receive.open_find()
    long.receive.find_edit.setText("seq=42 temp=2")
    long.flush()
    long.receive.find()
    for _ in range(400):
        await asyncio.sleep(0.05)
        finder = long.receive_view.finder
        if finder is not None and finder.done and not long.receive_view._searching.isActive():
            break
    long.receive.find()
    long.receive.find()
    await settle(long, window)
    window.grab().save(str(OUT / f"search{SUFFIX}.png"))


async def chart_page(window: MainWindow, seconds: float = 8.0, out: Path = OUT) -> None:
    """A simulated sensor (a TCP client printing ``temp:…,hum:…,dew:…`` lines at 25 Hz) charted on a server page;
    also at 1024×700 (``chart-1024x700``, to look at)."""
    import math
    import random

    page = window.new_session("tcp-server")
    page.local_host.setCurrentText("127.0.0.1")
    page.local_port.setValue(0)
    await page.open_session()
    box = page.chart.source
    box.setCurrentIndex(box.findData("lines"))
    page.chart.window_box.setCurrentIndex(page.chart.window_box.findData(10))
    page.receive_tabs.setCurrentWidget(page.chart)
    _, sensor = await asyncio.open_connection("127.0.0.1", page.session.local_address.port)
    rnd = random.Random(24)
    steps = int(seconds * 25)
    for i in range(steps):
        t = i / 25
        temp = 23.5 + 2.0 * math.sin(t / 1.3) + rnd.gauss(0, 0.08)
        hum = 48 + 6 * math.cos(t / 2.1) + rnd.gauss(0, 0.3)
        dew = temp - (100 - hum) / 5
        sensor.write(f"temp:{temp:.2f},hum:{hum:.1f},dew:{dew:.2f}\r\n".encode())
        if i == steps // 2:
            sensor.write(b"temp:ERR,hum:--\r\n")  # a garbled line: counted, not plotted
        await asyncio.sleep(0.04)
    await settle(page, window)
    await asyncio.sleep(0.2)
    await settle(page, window)
    window.grab().save(str(out / f"chart{SUFFIX}.png"))
    window.resize(1024, 700)
    await settle(page, window)
    await asyncio.sleep(0.2)
    QApplication.processEvents()
    window.grab().save(str(out / f"chart-1024x700{SUFFIX}.png"))
    window.resize(1280, 800)
    sensor.close()


#: The layout the decode screenshots use: a sensor's reading with a bit field, an array of points and a CRC.
SENSOR_LAYOUT = {"name": "sensor", "endian": "big", "fields": [
    {"name": "id", "type": "u16", "enum": {"7": "probe"}},
    {"name": "name", "type": "string", "size": 6},
    {"name": "flags", "type": "bits", "size": 1, "bits": [{"name": "ack", "width": 1}, {"name": "mode", "width": 3},
                                                         {"name": "level", "width": 4}]},
    {"name": "temp", "type": "i16"},
    {"name": "n", "type": "u8"},
    {"name": "points", "type": "array", "count": "n", "fields": [{"name": "x", "type": "i8"},
                                                                  {"name": "y", "type": "i8"}]},
    {"name": "crc", "type": "checksum", "algorithm": "crc16-modbus"}]}


def sensor_message(i: int) -> bytes:
    import struct

    from app.core.checksum import ALGORITHMS

    crc16 = next(a for a in ALGORITHMS if a.name == "crc16-modbus")
    body = struct.pack(">H6sBhB", 7, f"node{i}".encode(), 0x80 | (2 << 4) | (i % 16), 215 + i, 3)
    body += bytes([i, 256 - i, 2, 3, 250, 4])
    crc = crc16.compute(body)
    if i == 2:
        crc ^= 0x0101  # (one message with a wrong CRC: its ✗ shows)
    return body + crc.to_bytes(2, "little")


async def decode_pages(window: MainWindow, out: Path = OUT, look: Path | None = None) -> None:
    """A UDP page decoding a sensor's readings with a layout file: the fields tree with a field chosen and its
    bytes highlighted in the view (``decode.png``), and the layout editor previewing the message
    (``layout-editor.png``). At 1024×700 too, into ``look`` (to look at, not kept)."""
    import json
    import socket

    folder = Path(tempfile.mkdtemp())
    layout = folder / "sensor.json"
    layout.write_text(json.dumps(SENSOR_LAYOUT, indent=2))
    page = window.new_session("udp", {"local_host": "127.0.0.1", "local_port": 0, "log_mode": True})
    await page.open_session()
    page.addDecoderLayout(str(layout))
    page.receive_hex.setChecked(True)
    port = page.session.local_address.port
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        for i in range(1, 6):
            s.sendto(sensor_message(i), ("127.0.0.1", port))
            await asyncio.sleep(0.03)
    await settle(page, window)
    view = page.receive_view
    marker = sensor_message(3)[:4].hex(" ").upper()
    item = next(it for runs, it in view._rows_on_screen()[0] if marker in "".join(t for t, _ in runs))
    page.receive.select_message(item)
    page.receive.fields.select_field("points[1]")
    editor = page.edit_layout()
    editor.table.setCurrentCell(2, 0)
    sizes = ((1280, 800, out), (1024, 700, look))
    for width, height, where in sizes:
        if where is None:
            continue
        tag = "" if width == 1280 else f"-{width}x{height}"
        window.resize(width, height)
        await settle(page, window)
        window.grab().save(str(where / f"decode{tag}{SUFFIX}.png"))
        editor.resize(min(900, width - 40), min(620, height - 60))
        await settle(page, window)
        editor.grab().save(str(where / f"layout-editor{tag}{SUFFIX}.png"))
    window.resize(1280, 800)
    editor.close()
    await page.session.close()


async def decode_only() -> None:
    """``python tools/screenshot.py LANG decode``: only the decode screenshots (and the 1024×700 ones in /tmp)."""
    window = MainWindow(str(Path(tempfile.mkdtemp()) / "settings.ini"))
    window.resize(1280, 800)
    window.show()
    look = Path(tempfile.gettempdir()) / "netassist-look"
    look.mkdir(exist_ok=True)
    await decode_pages(window, OUT, look)
    await window.shutdown()


if __name__ == "__main__":
    from ui import i18n
    from ui import loop as event_loop

    app = QApplication(sys.argv)
    translators = i18n.install(app, LANG)
    event_loop.run(decode_only() if sys.argv[2:3] == ["decode"] else main())
