"""A Modbus RTU device over TCP, framed and answered by pymodbus (its RTU framer and PDUs, not our decoder):
holding register 0 starts at 20 and reads 5 higher each time it is read, as a warming sensor would; other
registers read 7. Prints its port, serves until killed.

Usage: python tests/peers/modbus_device.py
"""

from __future__ import annotations

import asyncio

from pymodbus.framer import FramerRTU
from pymodbus.pdu import DecodePDU
from pymodbus.pdu import register_message as regs

REGISTER0 = [20]


async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    framer = FramerRTU(DecodePDU(True))  # (True: it reads requests, as a server does)
    pending = b""
    while data := await reader.read(256):
        pending += data
        while pending:
            used, pdu = framer.handleFrame(pending, 0, 0)
            if not used:
                break
            pending = pending[used:]
            if isinstance(pdu, regs.ReadHoldingRegistersRequest):
                values = []
                for address in range(pdu.address, pdu.address + pdu.count):
                    if address == 0:
                        values.append(REGISTER0[0])
                        REGISTER0[0] = min(65535, REGISTER0[0] + 5)
                    else:
                        values.append(7)
                answer = regs.ReadHoldingRegistersResponse(registers=values, dev_id=pdu.dev_id)
                writer.write(FramerRTU(DecodePDU(False)).buildFrame(answer))
                await writer.drain()
    writer.close()


async def main() -> None:
    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    print(server.sockets[0].getsockname()[1], flush=True)
    await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main())
