"""The dashboard in a real browser, driven the way a presenter uses it."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
from playwright.sync_api import Page, expect

from tests.browser.conftest import onfleet_order_id, open_dashboard, tiramizoo_order


def order_row(page: Page, order_id: str):
    return page.locator("#orders tr", has=page.get_by_role("button", name=f"details of order {order_id}"))


def test_orders_created_through_vendor_apis_appear(page: Page, server: str) -> None:
    before = tiramizoo_order(server, "appear-t", webhooks=False)
    open_dashboard(page, server)
    expect(order_row(page, before)).to_contain_text("awaiting_payment")
    # Created while the page is open: they arrive over the event stream, no reload.
    later = tiramizoo_order(server, "appear-t", webhooks=False)
    onfleet = httpx.get(f"{server}/_sim/orders", params={"tenant": "appear-o"})  # tenant does not exist yet
    assert onfleet.status_code == 404
    onfleet_order_id(server, "appear-o")
    onfleet_id = httpx.get(f"{server}/_sim/orders", params={"tenant": "appear-o"}).json()["orders"][0]["id"]
    expect(order_row(page, later)).to_contain_text("tiramizoo")
    expect(order_row(page, onfleet_id)).to_contain_text("onfleet")
    rows = page.locator("#orders tr")
    assert rows.first.text_content() and onfleet_id in (rows.first.text_content() or "")  # newest first
    expect(page.locator("#tenants")).to_contain_text("appear-o")


def test_clicking_advance_changes_the_state_and_shows_its_deliveries(page: Page, server: str) -> None:
    order_id = tiramizoo_order(server, "advance-t")
    open_dashboard(page, server)
    row = order_row(page, order_id)
    row.get_by_role("button", name="→ dispatched").click()
    expect(row).to_contain_text("dispatched")
    expect(row.get_by_role("button", name="→ picked_up")).to_be_visible()
    page.get_by_role("tab", name="Deliveries").click()
    delivery = page.locator("#deliveries tr", has_text=order_id)
    expect(delivery).to_contain_text("delivered")
    expect(delivery).to_contain_text("200")
    delivery.get_by_role("button", name=f"details of order {order_id}").click()
    detail = page.locator("#detail")
    expect(detail).to_be_visible()
    expect(detail.locator("article.delivery")).to_have_count(1)
    expect(detail.locator("article.delivery")).to_contain_text("/_sim/sink/advance-t")
    detail.get_by_text("request headers and body").click()
    expect(detail.locator("article.delivery details pre").first).to_contain_text(re.compile("content-type", re.I))


def test_clock_advance_and_tenant_reset(page: Page, server: str) -> None:
    order_id = tiramizoo_order(server, "clock-t")
    open_dashboard(page, server)
    tenant = page.locator("#tenants tr", has_text="clock-t")
    start = tenant.locator("[data-now]").text_content()
    tenant.get_by_role("button", name="+1 min").click()
    expect(tenant.locator("[data-now]")).not_to_have_text(start or "")
    now = httpx.get(f"{server}/_sim/clock", params={"tenant": "clock-t"}).json()["now"]
    assert int(now) % 60 == 0 and "00:01:00" in (tenant.locator("[data-now]").text_content() or "")
    expect(order_row(page, order_id)).to_contain_text("dispatched")  # Tiramizoo dispatches after 30 s
    reset = tenant.get_by_role("button", name="Reset tenant clock-t")
    reset.click()
    expect(reset).to_have_text("Confirm reset")  # one stray press never resets a demo
    reset.click()
    expect(order_row(page, order_id)).to_have_count(0)
    expect(page.locator("#tenants")).not_to_contain_text("clock-t")
    assert httpx.get(f"{server}/_sim/orders/tiramizoo/{order_id}").status_code == 404


def test_the_detail_view_shows_the_timeline(page: Page, server: str) -> None:
    order_id = tiramizoo_order(server, "timeline-t")
    httpx.post(f"{server}/_sim/clock/advance", json={"tenant": "timeline-t", "seconds": 30})
    httpx.post(f"{server}/_sim/orders/tiramizoo/{order_id}/advance", json={"to": "delivered"})
    open_dashboard(page, server)
    order_row(page, order_id).get_by_role("button", name=f"details of order {order_id}").click()
    timeline = page.locator("#timeline tbody tr")
    expect(timeline).to_have_count(4)
    expect(timeline.nth(0)).to_contain_text("created")
    expect(timeline.nth(1)).to_contain_text("00:00:30")
    expect(timeline.nth(1)).to_contain_text("clock")
    expect(timeline.nth(3)).to_contain_text("delivered")
    expect(page.locator("#detail")).to_contain_text("nothing: the order is finished")
    expect(page.locator("#detail article.delivery")).to_have_count(3)


def test_the_detail_view_follows_the_order_and_offers_each_reachable_milestone(page: Page, server: str) -> None:
    order_id = tiramizoo_order(server, "reach-t")
    open_dashboard(page, server)
    order_row(page, order_id).get_by_role("button", name=f"details of order {order_id}").click()
    detail = page.locator("#detail")
    for milestone in ("dispatched", "picked_up", "delivered", "cancelled"):
        expect(detail.get_by_role("button", name=f"→ {milestone}")).to_be_visible()
    detail.get_by_role("button", name="→ picked_up").click()
    expect(detail.locator("#timeline tbody tr")).to_have_count(3)
    expect(detail.get_by_role("button", name="→ dispatched")).to_have_count(0)


def test_a_failed_action_is_shown(page: Page, server: str) -> None:
    tiramizoo_order(server, "error-t", webhooks=False)
    httpx.put(f"{server}/_sim/clock", json={"tenant": "error-t", "mode": "scaled", "speed": 2})
    open_dashboard(page, server)
    speed = page.get_by_label("clock speed of error-t")
    speed.fill("0")
    speed.press("Enter")
    speed.blur()
    expect(page.locator("#alerts")).to_contain_text("speed must be a positive number")
    expect(page.locator("#alerts")).to_contain_text("400")


def test_keyboard_reaches_views_details_and_back(page: Page, server: str) -> None:
    order_id = tiramizoo_order(server, "keys-t", webhooks=False)
    open_dashboard(page, server)
    page.get_by_role("tab", name="Orders").focus()
    page.keyboard.press("ArrowRight")
    expect(page.get_by_role("tab", name="Deliveries")).to_be_focused()
    expect(page.locator("#view-deliveries")).to_be_visible()
    page.keyboard.press("ArrowLeft")
    expect(page.locator("#view-orders")).to_be_visible()
    link = order_row(page, order_id).get_by_role("button", name=f"details of order {order_id}")
    link.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#detail")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator("#detail")).to_be_hidden()


def test_screenshots_of_the_main_views(page: Page, server: str, screens: Path) -> None:
    for i in range(3):
        order_id = tiramizoo_order(server, f"shots-{i % 2}")
    httpx.post(f"{server}/_sim/orders/tiramizoo/{order_id}/advance", json={"to": "picked_up"})
    httpx.post(f"{server}/_sim/faults", json={"vendor": "onfleet", "status": 503, "count": 2})
    open_dashboard(page, server)
    page.screenshot(path=screens / "orders.png")
    for view in ("Deliveries", "Events", "Faults", "Journal", "Subscriptions", "Sinks"):
        page.get_by_role("tab", name=view).click()
        expect(page.locator(f"#view-{view.lower()}")).to_be_visible()
        if view == "Sinks":
            page.locator("#sinks").get_by_role("button", name=re.compile("shots-0")).click()
            expect(page.locator("#sink-requests")).to_contain_text("shots-0")
        page.screenshot(path=screens / f"{view.lower()}.png")
    page.get_by_role("tab", name="Orders").click()
    order_row(page, order_id).get_by_role("button", name=f"details of order {order_id}").click()
    expect(page.locator("#timeline tbody tr")).to_have_count(3)
    page.screenshot(path=screens / "detail.png")
    httpx.delete(f"{server}/_sim/faults")
    shots = sorted(p.name for p in screens.glob("*.png"))
    assert len(shots) == 8 and all((screens / s).stat().st_size > 10_000 for s in shots), shots
