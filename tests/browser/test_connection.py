"""A lost connection is shown and retried; a control token is asked for once and sent everywhere."""

from __future__ import annotations

from playwright.sync_api import Page, Route, expect

from tests.browser.conftest import open_dashboard, tiramizoo_order
from tests.browser.test_dashboard import order_row
from tests.server import running_server


def test_a_lost_connection_is_shown_and_retried_until_the_server_is_back(page: Page) -> None:
    first = running_server("--clock", "manual")  # no seed: the second server's ids differ from the first's
    base = first.__enter__()
    try:
        old = tiramizoo_order(base, "restart-t", webhooks=False)
        open_dashboard(page, base)
        expect(order_row(page, old)).to_be_visible()
    finally:
        first.__exit__(None, None, None)  # the server stops: its event stream ends
    pill = page.locator("#connection")
    expect(pill).to_contain_text("connection lost")
    expect(pill).to_contain_text("retrying in")
    port = base.rsplit(":", 1)[1]
    with running_server("--clock", "manual", "--port", port) as again:  # a fresh server on the same address
        assert again == base
        new = tiramizoo_order(again, "restart-t", webhooks=False)
        expect(pill).to_have_text("live", timeout=10_000)
        # It has started over (its event ids too): the page reloads instead of trusting old rows.
        expect(order_row(page, new)).to_be_visible()
        expect(order_row(page, old)).to_have_count(0)


TOKEN = "s3cret-demo-token"


def test_a_control_token_is_asked_for_once_kept_for_the_tab_and_sent_on_every_request(page: Page) -> None:
    seen: list[tuple[str, str | None]] = []

    def record(route: Route) -> None:  # only watches: the server itself checks the token
        path = "/" + route.request.url.split("/", 3)[3].split("?")[0]
        if not path.startswith("/_sim/static/"):
            seen.append((path, route.request.headers.get("authorization")))
        route.continue_()

    with running_server("--control-token", TOKEN) as base:
        tiramizoo_order(base, "token-t", webhooks=False)
        page.route("**/_sim/**", record)
        page.goto(base + "/_sim/")
        dialog = page.locator("#token")
        expect(dialog).to_be_visible()
        dialog.get_by_label("token").fill("wrong")
        dialog.get_by_role("button", name="Use token").click()
        expect(dialog).to_contain_text("The server refused that token.")
        dialog.get_by_label("token").fill(TOKEN)
        dialog.get_by_role("button", name="Use token").click()
        expect(page.locator("#connection")).to_have_text("live")
        expect(page.locator("#tenants")).to_contain_text("token-t")
        authorized = {path for path, given in seen if given == f"Bearer {TOKEN}"}
        assert {"/_sim/tenants", "/_sim/orders", "/_sim/webhooks", "/_sim/events"} <= authorized, seen
        assert page.evaluate("sessionStorage.getItem('ordersim.control-token')") == TOKEN
        # A reload in the same tab asks no more.
        seen.clear()
        page.reload()
        expect(page.locator("#connection")).to_have_text("live")
        expect(dialog).to_be_hidden()
        assert seen and all(given == f"Bearer {TOKEN}" for path, given in seen if path != "/_sim/"), seen
