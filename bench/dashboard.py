"""`python -m bench.dashboard [--orders 40] [--seconds 15] [--speed 20]`: what the dashboard costs.

Starts ordersim on a scaled clock, creates N Tiramizoo orders that move on their own (each posts its
webhooks to a built-in sink), opens /_sim/ in headless Chromium at 1280x800 and counts, over the
window, every request the page makes and the bytes it receives (Chrome's own network accounting;
a stream's bytes as they arrive). Prints the totals and a line per endpoint. Loopback only.
Needs Playwright (the test extra) and /usr/bin/chromium.
"""

from __future__ import annotations

import argparse
import json
import urllib.request
from dataclasses import dataclass, field
from typing import Any

from bench import servers

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
QUOTE = {"pickup": {"address_line_1": "Im Dol 1", "postal_code": "14195", "country_code": "de"},
         "delivery": {"address_line_1": "Thujaweg 1", "postal_code": "12437", "country_code": "de"},
         "items": [{"width": 2, "height": 8.2, "length": 5, "weight": 2}]}


@dataclass
class Traffic:
    """Requests a page made and bytes it received (Chrome DevTools Network domain), kept with Chrome's
    own timestamps so a window can be cut out afterwards, however late the events were read."""

    sent: dict[str, tuple[float, str]] = field(default_factory=dict)  # request id -> (time, url)
    finished: dict[str, tuple[float, int]] = field(default_factory=dict)  # -> (time, bytes with headers)
    received: list[tuple[float, str, int]] = field(default_factory=list)  # (time, request id, bytes) as they came

    def attach(self, page: Any) -> None:
        cdp = page.context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.on("Network.requestWillBeSent",
               lambda e: self.sent.setdefault(e["requestId"], (e["timestamp"], e["request"]["url"])))
        cdp.on("Network.loadingFinished",
               lambda e: self.finished.__setitem__(e["requestId"], (e["timestamp"], int(e["encodedDataLength"]))))
        cdp.on("Network.dataReceived", lambda e: self.received.append((e["timestamp"], e["requestId"], int(e["dataLength"]))))

    def window(self, seconds: float) -> Window:
        """What happened in the first `seconds` after the page's first request."""
        start = min((t for t, _ in self.sent.values()), default=0.0)
        return Window(self, start + seconds)


@dataclass
class Window:
    traffic: Traffic
    end: float

    def bytes_of(self, request_id: str) -> int:
        done = self.traffic.finished.get(request_id)
        if done is not None and done[0] <= self.end:
            return done[1]
        return sum(n for t, rid, n in self.traffic.received if rid == request_id and t <= self.end)

    @property
    def urls(self) -> dict[str, str]:
        return {rid: url for rid, (t, url) in self.traffic.sent.items() if t <= self.end}

    @property
    def requests(self) -> int:
        return len(self.urls)

    @property
    def bytes(self) -> int:
        return sum(self.bytes_of(r) for r in self.urls)

    def by_endpoint(self) -> dict[str, tuple[int, int]]:
        out: dict[str, tuple[int, int]] = {}
        for rid, url in self.urls.items():
            name = url.split("/_sim/", 1)[-1].split("?")[0] or "(page)"
            count, size = out.get(name, (0, 0))
            out[name] = (count + 1, size + self.bytes_of(rid))
        return out

    def report(self) -> str:
        lines = [f"requests={self.requests} bytes={self.bytes}"]
        for name, (count, size) in sorted(self.by_endpoint().items(), key=lambda kv: -kv[1][1]):
            lines.append(f"  {name:24} {count:5} requests {size:10} bytes")
        return "\n".join(lines)


def post(url: str, body: dict) -> Any:
    req = urllib.request.Request(url, json.dumps(body).encode(), {"content-type": "application/json"}, method="POST")
    with urllib.request.urlopen(req, timeout=10) as resp:
        return json.loads(resp.read())


def moving_orders(base: str, count: int, tenants: int = 2) -> None:
    """Tiramizoo orders over a few tenants, each sending its webhooks to the built-in sink."""
    for i in range(count):
        token = f"demo{i % tenants}"
        quote = post(f"{base}/tiramizoo/v1/quotes?api_token={token}", QUOTE)[0]
        post(f"{base}/tiramizoo/v1/orders?api_token={token}", {
            "quote": quote, "pickup": {"name": "Alice"}, "delivery": {"name": "Bob"},
            "web_hook_url": f"{base}/_sim/sink/demo"})


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.dashboard", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--orders", type=int, default=40)
    p.add_argument("--seconds", type=float, default=15.0)
    p.add_argument("--speed", type=float, default=20.0, help="scaled clock speed (20: a Tiramizoo order is delivered in 15 s)")
    args = p.parse_args(argv)
    from playwright.sync_api import sync_playwright

    server = servers.Server("ordersim", ["-m", "simulator", "serve", "--clock", "scaled", "--speed", str(args.speed),
                                         "--seed", "1", "--log-level", "warning"], "/_sim/health").start()
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            traffic = Traffic()
            traffic.attach(page)
            moving_orders(server.base, args.orders)
            page.goto(server.base + "/_sim/")
            page.wait_for_timeout(args.seconds * 1000 + 200)
            print(f"orders={args.orders} seconds={args.seconds} speed={args.speed}: {traffic.window(args.seconds).report()}")
            browser.close()
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
