"""Connects to a Gatehouse endpoint with python-websockets, over wss:// trusting the CA file given
(or only the system's CAs when it is "-"), sends one echo and prints "<welcome event> <echo type>
<echoed text>". A failed connection exits non-zero with its error."""
import asyncio
import json
import ssl
import sys

import websockets


async def main(uri, ca, token):
    context = ssl.create_default_context(cafile=None if ca == "-" else ca)
    async with websockets.connect(uri, ssl=context, extra_headers={"Authorization": "Bearer " + token}) as ws:
        welcome = json.loads(await ws.recv())
        await ws.send(json.dumps({"type": "echo", "id": "1", "data": {"text": "from python"}}))
        echo = json.loads(await ws.recv())
        print(welcome["data"]["event"], echo["type"], echo["data"]["text"])


asyncio.run(main(*sys.argv[1:4]))
