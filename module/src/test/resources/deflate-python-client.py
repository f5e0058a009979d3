"""Connects to a Gatehouse endpoint with python-websockets offering permessage-deflate (its default
offer, "permessage-deflate; client_max_window_bits", or with server_max_window_bits=N when a third
argument N is given), sends an echo of a long repetitive text, and prints the 101's
Sec-WebSocket-Extensions on one line and "<echo type> <whether the text came back whole>" on the
next. A failed connection, or a compressed frame it cannot inflate, exits non-zero with its error."""
import asyncio
import json
import sys

import websockets
from websockets.extensions.permessage_deflate import ClientPerMessageDeflateFactory


async def main(uri, token, server_bits=None):
    if server_bits is None:
        extensions = None  # websockets' own default offer
    else:
        extensions = [ClientPerMessageDeflateFactory(server_max_window_bits=int(server_bits), client_max_window_bits=True)]
    async with websockets.connect(uri, extra_headers={"Authorization": "Bearer " + token},
                                  extensions=extensions, compression="deflate") as ws:
        json.loads(await ws.recv())  # the welcome
        text = "the quick brown fox jumps over the lazy dog; " * 60
        await ws.send(json.dumps({"type": "echo", "id": "1", "data": {"text": text}}))
        echo = json.loads(await ws.recv())
        print(ws.response_headers.get("Sec-WebSocket-Extensions"))
        print(echo["type"], echo["data"]["text"] == text)


asyncio.run(main(*sys.argv[1:]))
