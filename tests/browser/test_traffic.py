"""What following a busy demo costs the page: traffic grows with the events, not with the log."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import BusyDemo

# The bound this test states: over 15 s with 50 orders moving (each through 3 states, each change
# queuing and delivering one webhook: ~500 stream events), the page makes at most 30 requests and
# receives at most 600 kB, page and scripts included. Measured here: about 15 requests and 220 kB.
# The page before this dashboard made ~390 requests and received ~12 MB in 15 s with 40 orders (it
# refetched every order and the whole delivery log on each event), and grew with the log.
MAX_REQUESTS, MAX_BYTES = 30, 600_000


def test_fifty_moving_orders_for_fifteen_seconds_stay_within_the_stated_bound(busy_demo: BusyDemo) -> None:
    busy_demo.wait_for_window()
    window = busy_demo.traffic.window(busy_demo.SECONDS)
    print(f"\ndashboard traffic, {busy_demo.ORDERS} moving orders, {busy_demo.SECONDS:.0f} s: {window.report()}")
    # It really followed the demo: every order on the page reached the end of its lifecycle.
    expect(busy_demo.page.locator("#orders tr .badge", has_text="delivered")).to_have_count(busy_demo.ORDERS)
    counts = window.by_endpoint()
    assert counts["orders"][0] == 1 and counts["webhooks"][0] == 1, counts  # loaded once, then followed
    assert window.requests <= MAX_REQUESTS and window.bytes <= MAX_BYTES, window.report()
