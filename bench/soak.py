"""`python -m bench.soak`: the hostile probe's soak, bounded in time and count, loopback only.

Starts `ordersim serve` (scaled clock, so orders move and webhooks fire while it runs) and a webhook
receiver that fails every second answer, then drives Tiramizoo creates and reads at a steady rate
across a few tenants. At the end it checks that every acknowledged order can be read back and counts
the deliveries by final state (after letting retries settle), and prints the server's RSS over time
with what it grew per acknowledged and per delivered order. A report, not a test: exits 0 unless the
server could not start, 1 if an acknowledged order was lost."""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from collections import Counter

from bench import servers
from bench.inproc import QUOTE_REQUEST

MAX_SECONDS, MAX_ORDERS = 600, 200_000


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench.soak", description=__doc__)
    p.add_argument("--seconds", type=float, default=60.0, help=f"load phase (at most {MAX_SECONDS})")
    p.add_argument("--rate", type=float, default=400.0, help="requests per second (one create to two reads)")
    p.add_argument("--orders", type=int, default=50_000, help=f"stop creating after this many (at most {MAX_ORDERS})")
    p.add_argument("--tenants", type=int, default=8)
    p.add_argument("--speed", type=float, default=60.0, help="simulated seconds per wall second")
    p.add_argument("--settle", type=float, default=30.0, help="seconds to wait for retries to finish")
    p.add_argument("--json", metavar="PATH", help="also write the figures as JSON")
    args = p.parse_args(argv)
    args.seconds, args.orders = min(args.seconds, MAX_SECONDS), min(args.orders, MAX_ORDERS)
    return args


def rss_mib(pid: int) -> float:
    with open(f"/proc/{pid}/status") as f:
        return next(int(line.split()[1]) / 1024 for line in f if line.startswith("VmRSS:"))


class Receiver(asyncio.Protocol):
    """A webhook receiver that answers 500 and 200 in turn (so every delivery needs a retry half the time)."""

    served = 0

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport, self.buffer = transport, b""  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while b"\r\n\r\n" in self.buffer:
            head, _, rest = self.buffer.partition(b"\r\n\r\n")
            length = next((int(line.split(b":")[1]) for line in head.split(b"\r\n")
                           if line.lower().startswith(b"content-length:")), 0)
            if len(rest) < length:
                return
            self.buffer = rest[length:]
            Receiver.served += 1
            status = b"500 Internal Server Error" if Receiver.served % 2 else b"200 OK"
            self.transport.write(b"HTTP/1.1 " + status + b"\r\ncontent-length: 2\r\n\r\nok")  # type: ignore[attr-defined]


class Client:
    """One keep-alive HTTP/1.1 connection to the server (asyncio streams, no third-party client)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def call(self, method: str, path: str, body: bytes = b"") -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        assert self.reader is not None
        self.writer.write(f"{method} {path} HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\n"
                          f"content-length: {len(body)}\r\n\r\n".encode() + body)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        length = next(int(line.split(b":")[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length:"))
        return status, await self.reader.readexactly(length)


async def paged(client: Client, path: str, key: str) -> list[dict]:
    rows: list[dict] = []
    cursor = ""
    while True:
        status, body = await client.call("GET", f"{path}&limit=10000{cursor}")
        page = json.loads(body)
        assert status == 200, body[:300]
        rows += page[key]
        if not page.get("next_cursor"):
            return rows
        cursor = f"&cursor={page['next_cursor']}"


async def soak(args: argparse.Namespace, server: servers.Server) -> dict:
    loop = asyncio.get_running_loop()
    receiver = await loop.create_server(Receiver, "127.0.0.1", 0)
    hook = f"http://127.0.0.1:{receiver.sockets[0].getsockname()[1]}/hook"
    clients = [Client(server.port) for _ in range(16)]
    acknowledged: dict[str, str] = {}  # uuid -> tenant
    statuses: Counter[int] = Counter()
    quotes: dict[str, tuple[float, bytes]] = {}
    # (seconds, RSS MiB, orders acknowledged, receiver 2xx answers) at each sample
    rss: list[tuple[float, float, int, int]] = [(0.0, rss_mib(server.proc.pid), 0, 0)]  # type: ignore[union-attr]

    def sample() -> None:
        rss.append((round(time.monotonic() - started, 1), rss_mib(server.proc.pid),  # type: ignore[union-attr]
                    len(acknowledged), Receiver.served // 2))
    started = time.monotonic()
    sent = 0

    async def quote_for(client: Client, tenant: str) -> bytes:
        at, quote = quotes.get(tenant, (0.0, b""))
        if time.monotonic() - at > 300 / args.speed:  # quotes last 10 simulated minutes
            status, body = await client.call("POST", f"/tiramizoo/v1/quotes?api_token={tenant}", QUOTE_REQUEST)
            quote = json.dumps(json.loads(body)[0]).encode()
            quotes[tenant] = (time.monotonic(), quote)
        return quote

    async def one(client: Client, n: int) -> None:
        tenant = f"soak-{n % args.tenants}"
        if n % 3 == 0 and len(acknowledged) < args.orders:
            body = (b'{"quote":' + await quote_for(client, tenant) + b',"web_hook_url":"' + hook.encode() +
                    b'","pickup":{"name":"Alice"},"delivery":{"name":"Bob"},"description":"soak"}')
            status, answer = await client.call("POST", f"/tiramizoo/v1/orders?api_token={tenant}", body)
            if status == 201:
                acknowledged[json.loads(answer)["uuid"]] = tenant
        elif acknowledged:
            uuid = next(reversed(acknowledged))
            status, _ = await client.call("GET", f"/tiramizoo/v1/orders/{uuid}?api_token={acknowledged[uuid]}")
        else:
            status, _ = await client.call("GET", f"/tiramizoo/v1/orders?api_token={tenant}")
        statuses[status] += 1

    async def worker(client: Client, offset: int) -> None:
        nonlocal sent
        while (elapsed := time.monotonic() - started) < args.seconds:
            due = sent / args.rate
            if due > elapsed:
                await asyncio.sleep(due - elapsed)
                continue
            sent += 1
            await one(client, sent)

    async def sampler() -> None:
        while time.monotonic() - started < args.seconds:
            await asyncio.sleep(5)
            sample()

    await asyncio.gather(sampler(), *(worker(c, i) for i, c in enumerate(clients)))
    load_s = time.monotonic() - started
    admin = clients[0]
    deadline = time.monotonic() + args.settle
    while True:  # let retries finish: nothing pending or retrying, or the settle time is up
        rows = await paged(admin, "/_sim/webhooks?view=summary", "deliveries")
        states = Counter(r["state"] for r in rows)
        if not (states["pending"] or states["retrying"]) or time.monotonic() > deadline:
            break
        await asyncio.sleep(1)
    sample()
    stored = {r["id"] for r in await paged(admin, "/_sim/orders?vendor=tiramizoo&view=summary", "orders")}
    lost = [u for u in acknowledged if u not in stored]
    receiver.close()
    # The second half of the load phase: by then imports, first connections and the bounded request
    # journal (10,000 entries) are warm, so the slope is what each further order costs.
    loaded = rss[:-1]
    first, last = loaded[len(loaded) // 2], loaded[-1]
    growth = (last[1] - first[1]) * 1024 * 1024
    return {"seconds": round(load_s, 1), "requests": sum(statuses.values()), "req_per_s": round(sum(statuses.values()) / load_s),
            "statuses": dict(statuses), "orders_acknowledged": len(acknowledged), "orders_lost": len(lost),
            "deliveries": dict(states), "receiver_posts": Receiver.served, "rss_mib": rss,
            "bytes_per_acknowledged_order": round(growth / max(1, last[2] - first[2])),
            "bytes_per_delivered_delivery": round(growth / max(1, last[3] - first[3]))}


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    server = servers.Server("ordersim", ["-m", "simulator", "serve", "--host", "127.0.0.1", "--clock", "scaled",
                                         "--speed", str(args.speed), "--seed", "1", "--no-rate-limit"],
                            "/_sim/health").start()
    try:
        result = asyncio.run(soak(args, server))
    finally:
        server.stop()
    print(f"soak: {result['seconds']} s, {result['requests']} requests ({result['req_per_s']}/s), "
          f"statuses {result['statuses']}")
    print(f"orders acknowledged {result['orders_acknowledged']}, lost {result['orders_lost']}")
    print(f"deliveries by final state {result['deliveries']} (receiver answered {result['receiver_posts']} POSTs)")
    print("server RSS over time: " + ", ".join(f"{t:g}s {m:.1f} MiB ({n} orders)" for t, m, n, _ in result["rss_mib"]))
    print(f"RSS growth over the second half of the load, per acknowledged order {result['bytes_per_acknowledged_order']} B, "
          f"per delivered webhook {result['bytes_per_delivered_delivery']} B")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=2)
    return 1 if result["orders_lost"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
