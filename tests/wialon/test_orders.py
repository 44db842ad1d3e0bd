"""order/update: every call mode, its documented reply and errors, and read-back consistency."""

import pytest

from simulator.app import create_app
from tests.wialon.helpers import RESOURCE, UNITS, logged_in

pytestmark = pytest.mark.anyio

NOW = 1767225600  # the tenant clock at start (seed 1, manual)
ORDER_KEYS = ["id", "n", "p", "rp", "f", "tf", "tt", "trt", "uid", "r", "y", "x", "u", "s", "sf", "st", "tz", "eta",
              "rd", "cnm", "nt", "ds", "dp", "stt", "dtt", "if"]
P_KEYS = ["n", "p", "p2", "e", "a", "v", "w", "c", "ut", "t", "d", "uic", "cid", "cm", "aff", "z", "ntf", "pr"]
FULL = {"n": "Order 17", "p": {"n": "Bob", "p": "+4912345", "a": "Berlin, Im Dol 1", "w": "2.5", "c": 40, "ut": 300,
                               "cid": "ext-17", "tags": [1, 2], "r": {"id": 9, "i": "0", "ndt": 600}},
        "rp": "_p~iF~ps|U", "f": 0x1 | 0x40, "tf": NOW, "tt": NOW + 3600, "trt": 60, "r": 150, "y": 52.45, "x": 13.29,
        "tz": 134228528, "dp": ["5"], "if": 0x10, "ej": {"floor": 3, "notes": [None, True]}}


async def test_create_answers_id_and_the_full_order(client):
    w = await logged_in(client)
    order_id, order = await w.create(**FULL)
    assert order_id == 1 and list(order) == ORDER_KEYS + ["ej"]
    assert list(order["p"]) == P_KEYS + ["tags", "r"]
    assert order["p"]["r"] == {"id": "9", "i": "0", "m": "", "t": "", "ndt": 600, "vt": ""}  # route info is text
    assert order["p"]["w"] == 2.5 and order["p"]["cid"] == "ext-17"
    copied = ("n", "rp", "f", "tf", "tt", "trt", "r", "y", "x", "tz", "if", "ej")
    assert {k: order[k] for k in copied + ("dp",)} == {**{k: FULL[k] for k in copied}, "dp": [5]}
    assert (order["u"], order["s"], order["sf"], order["st"], order["uid"]) == (0, 0, 0, NOW, 1000000001)
    second_id, second = await w.create(u=UNITS[0])
    assert second_id == 2 and (second["u"], second["s"]) == (UNITS[0], 1)
    assert "ej" not in second and "r" not in second["p"]


async def test_read_back_equals_what_order_update_returned(client):
    w = await logged_in(client)
    _, first = await w.create(**FULL)
    _, second = await w.create(n="second", u=UNITS[1])
    assert await w.orders() == {"1": first, "2": second}
    assert await w.mode(1, "update", n="renamed", p={"n": "Alice"}) == [1]
    after = (await w.orders())["1"]
    assert after == {**first, "n": "renamed", "p": {**{k: "" if isinstance(v, str) else 0 for k, v in first["p"].items()
                                                        if k not in ("tags", "r")}, "n": "Alice"}}


async def test_create_errors(client):
    w = await logged_in(client)
    assert await w.create(itemId=999) == {"error": 7, "reason": "resource 999 not found or not accessible"}
    assert await w.create(u=42) == {"error": 7, "reason": "unit 42 not found or not accessible"}
    for bad in ({"n": 5}, {"y": 91}, {"x": "east"}, {"f": -1}, {"tt": 2**40}, {"p": {"c": -3}}, {"p": "x"},
                {"dp": ["abc"]}, {"ej": [1]}, {"callMode": "bogus"}, {"itemId": "x"},
                {"u": 2**70}, {"p": {"w": "nan"}}):
        reply = await w.create(**bad)
        assert reply["error"] == 4 and reply["reason"], bad
    assert (await w.call("order/update", {"id": 0, "callMode": "create"}))["error"] == 4  # no itemId
    assert (await w.call("order/update", {"itemId": RESOURCE, "id": 0}))["error"] == 4  # no callMode
    assert await w.orders() == {}  # nothing half-created


async def test_update_keeps_what_it_does_not_send_and_refuses_unknown_orders(client):
    w = await logged_in(client)
    await w.create(**FULL)
    assert await w.mode(1, "update", tt=NOW + 7200) == [1]
    order = (await w.orders())["1"]
    assert order["tt"] == NOW + 7200 and order["p"]["cid"] == "ext-17" and order["n"] == "Order 17"
    assert await w.mode(77, "update", n="x") == {"error": 4, "reason": "order 77 not found in resource 2000"}
    assert (await w.mode(1000000001, "update", n="x"))["error"] == 4  # a uid is not an id
    assert (await w.mode(1, "update", y=100))["error"] == 4
    assert (await w.orders())["1"]["y"] == FULL["y"]


async def test_delete_answers_id_and_null(client):
    w = await logged_in(client)
    await w.create()
    await w.create(p={"r": {"id": "12"}})
    assert await w.mode(1, "delete") == [1, None]
    assert list(await w.orders()) == ["2"]
    assert (await w.mode(1, "delete"))["error"] == 4
    # an order in a route needs force (Wialon's "force deletion of problem routes")
    assert (await w.mode(2, "delete"))["error"] == 6
    assert await w.mode(2, "delete", force=1) == [2, None]
    assert await w.orders() == {}


async def test_assign_reassign_and_unassign(client):
    w = await logged_in(client)
    await w.create()
    assert await w.mode(1, "assign", u=UNITS[0]) == {}
    order = (await w.orders())["1"]
    assert (order["u"], order["s"], order["st"]) == (UNITS[0], 1, NOW)
    assert await w.mode(1, "assign", u=999) == {"error": 7, "reason": "unit 999 not found or not accessible"}
    assert (await w.mode(1, "assign"))["error"] == 4  # no unit given
    await w.advance(180)  # the unit reaches the order area
    assert (await w.orders())["1"]["s"] == 5
    assert await w.mode(1, "assign", u=UNITS[1]) == {}  # another unit starts its own way there
    order = (await w.orders())["1"]
    assert (order["u"], order["s"], order["st"]) == (UNITS[1], 1, NOW + 180)
    assert await w.mode(1, "assign", u=0) == {}
    assert ((await w.orders())["1"]["u"], (await w.orders())["1"]["s"]) == (0, 0)
    await w.advance(10_000)
    assert (await w.orders())["1"]["s"] == 0  # nothing moves without a unit


async def test_reject_sets_status_4_and_flag(client):
    w = await logged_in(client)
    await w.create(u=UNITS[0])
    assert await w.mode(1, "reject") == {}
    order = (await w.orders())["1"]
    assert (order["s"], order["sf"]) == (4, 0x100)
    assert (await w.mode(1, "reject"))["error"] == 4
    assert (await w.mode(1, "assign", u=UNITS[1]))["error"] == 4  # "failed to assign"
    await w.advance(10_000)
    assert (await w.orders())["1"]["s"] == 4


async def test_confirm_completes_on_time_or_late_and_flags_confirmed(client):
    w = await logged_in(client)
    await w.create(u=UNITS[0], tt=NOW + 100)
    await w.create(u=UNITS[0], tt=NOW + 50)
    await w.create()
    await w.advance(60)
    assert await w.mode(1, "confirm", ds=100) == {}
    assert await w.mode(2, "confirm") == {}
    orders = await w.orders()
    assert (orders["1"]["s"], orders["1"]["sf"], orders["1"]["ds"], orders["1"]["dtt"]) == (2, 0x200, 100, NOW + 60)
    assert (orders["2"]["s"], orders["2"]["sf"]) == (3, 0x200)
    assert (await w.mode(3, "confirm"))["error"] == 4  # no unit, nothing to confirm
    assert await w.mode(1, "confirm") == {}  # confirming a completed order again is harmless


async def test_the_clock_moves_orders_to_the_area_and_completes_them(client):
    w = await logged_in(client)
    await w.create(u=UNITS[0], tt=NOW + 400)  # 180 s to the area + 120 s there: on time
    await w.create(u=UNITS[0], tt=NOW + 200)  # late
    await w.create(u=UNITS[0], p={"ut": 30})  # service time from the order, no deadline
    await w.advance(179)
    assert [o["s"] for o in (await w.orders()).values()] == [1, 1, 1]
    await w.advance(1)
    orders = await w.orders()
    assert [o["s"] for o in orders.values()] == [5, 5, 5]
    assert orders["1"]["stt"] == orders["1"]["st"] == NOW + 180
    await w.advance(30)
    assert [o["s"] for o in (await w.orders()).values()] == [5, 5, 2]
    await w.advance(90)
    orders = await w.orders()
    assert [o["s"] for o in orders.values()] == [2, 3, 2]
    assert orders["1"]["dtt"] == NOW + 300 and orders["3"]["dtt"] == NOW + 210


async def test_editing_does_not_restart_the_timers(client):
    w = await logged_in(client)
    await w.create(u=UNITS[0])
    await w.advance(100)
    await w.mode(1, "update", n="edited", tt=NOW + 250)  # deadline now before completion (NOW+300)
    await w.advance(80)
    assert (await w.orders())["1"]["s"] == 5
    await w.advance(120)
    assert (await w.orders())["1"]["s"] == 3


async def test_register_moves_the_order_to_history(client):
    w = await logged_in(client)
    await w.create(n="Vilnius 1", u=UNITS[0], p={"r": {"id": "4"}})
    await w.create(n="Berlin 2", u=UNITS[1])
    await w.create(n="Paris 3")
    await w.advance(300)
    assert await w.mode(1, "register") == {}
    await w.advance(10)
    assert await w.mode(2, "register") == {}
    assert await w.mode(3, "register") == {}  # uncompleted orders can go to history too
    assert await w.orders() == {}
    history = await w.history()
    assert (history["count"], history["total"]) == (3, 3)
    assert [(o["id"], o["s"]) for o in history["orders"]] == [(1, 2), (2, 2), (3, 0)]
    assert (await w.history(name="Vil*,berl*"))["count"] == 2
    assert [o["id"] for o in (await w.history(unitId=UNITS[1]))["orders"]] == [2]
    assert [o["id"] for o in (await w.history(orderUid=1000000003))["orders"]] == [3]
    assert [o["id"] for o in (await w.history(routeId=4))["orders"]] == [1]
    assert (await w.history(orderId=2, ivalFrom=NOW + 305))["orders"][0]["id"] == 2
    assert (await w.history(ivalTo=NOW + 305)) == {"orders": [(await w.history())["orders"][0]], "count": 1, "total": 1}
    assert (await w.mode(1, "register"))["error"] == 4
    assert (await w.mode(1, "update", n="x"))["error"] == 4
    assert (await w.history(itemId=5))["error"] == 7
    assert (await w.history(ivalType=9))["error"] == 4


async def test_complete_from_history(client):
    w = await logged_in(client)
    await w.create(u=UNITS[0])
    await w.create()
    await w.mode(1, "register")
    await w.mode(2, "register")
    reply = await w.call("order/complete_from_history", {"itemId": RESOURCE, "orders": [1, 2]})
    assert reply == {"completed": True}
    assert [o["s"] for o in (await w.history())["orders"]] == [2, 0]
    assert await w.call("order/complete_from_history", {"itemId": RESOURCE, "orders": [1]}) == {"completed": False}
    assert (await w.call("order/complete_from_history", {"itemId": RESOURCE, "orders": [3]}))["error"] == 4


async def test_control_plane_speaks_milestones(client):
    w = await logged_in(client)
    await w.create()
    view = (await client.get("/_sim/orders/wialon/1", params={"tenant": "tok"})).json()
    assert (view["state"], view["milestone"], view["order"]["s"]) == ("inactive", "awaiting_payment", 0)
    assert (await client.get("/_sim/orders/wialon/1000000001", params={"tenant": "tok"})).json()["id"] == "1"
    resp = await client.post("/_sim/orders/wialon/1/advance", json={"tenant": "tok", "to": "delivered"})
    assert resp.json()["path"] == ["active", "completed_on_time"]
    order = (await w.orders())["1"]
    assert (order["s"], order["u"]) == (2, UNITS[0])  # forced dispatch took the first unit
    resp = await client.post("/_sim/orders/wialon/1/advance", json={"tenant": "tok", "to": "rejected"})
    assert resp.status_code == 409


async def test_order_events_reach_simulator_subscriptions(client, receiver):
    await client.post("/_sim/subscriptions", json={"url": receiver.url, "vendor": "wialon"})
    w = await logged_in(client)
    await w.create(u=UNITS[0])
    await w.advance(180)
    await w.mode(1, "register")
    await client.post("/_sim/webhooks/wait", json={"count": 3, "channel": "subscription", "timeout_s": 5})
    bodies = receiver.json_bodies()
    assert [(b["type"], b["data"]["milestone"]) for b in bodies] == \
        [("order.created", "dispatched"), ("order.state_changed", "picked_up"), ("order.registered", "picked_up")]
    assert bodies[1]["data"]["order"]["s"] == 5


async def test_units_and_resources_from_fixtures(settings):
    import httpx
    config = {"resources": [{"id": 11, "nm": "North"}, {"id": 12, "nm": "South"}], "units": [{"id": 21, "nm": "Van"}],
              "timing": {"to_area": 10, "in_area": 5}}
    app = create_app(settings, fixtures={"tenants": {"t": {"credentials": {"wialon": ["k"]},
                                                           "vendors": {"wialon": config}}}})
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://sim") as client:
        w = await logged_in(client, "k")
        w.token = "t"
        assert (await w.create(itemId=11, u=21))[1]["s"] == 1
        assert (await w.create(itemId=RESOURCE))["error"] == 7
        assert (await w.call("order/update", {"itemId": 12, "id": 1, "callMode": "update"}))["error"] == 4
        await w.advance(15)
        item = (await w.call("core/search_item", {"id": 11, "flags": 0x80001}))["item"]
        assert item["nm"] == "North" and item["orders"]["1"]["s"] == 2


async def test_every_change_shows_in_the_next_read(client):
    """Reads keep each order's encoded answer per record version (simulator/http/answer_cache.py):
    each change path reads before and after, so an answer kept across a change fails verify."""
    w = await logged_in(client)
    await w.create(u=UNITS[0])
    await w.create(u=UNITS[0])
    await w.create()
    await w.orders()
    assert await w.mode(1, "update", u=UNITS[1]) == [1]  # a new unit through update, still active
    assert (await w.orders())["1"]["u"] == UNITS[1]
    assert await w.mode(1, "assign", u=UNITS[2]) == {}  # another unit while active: no status change
    assert (await w.orders())["1"]["u"] == UNITS[2]
    assert await w.mode(1, "update", u=0) == [1]  # the unit taken away through update
    assert ((await w.orders())["1"]["u"], (await w.orders())["1"]["s"]) == (0, 0)
    assert await w.mode(3, "reject") == {}
    assert ((await w.orders())["3"]["s"], (await w.orders())["3"]["sf"]) == (4, 0x100)
    assert await w.mode(2, "confirm") == {}
    assert (await w.orders())["2"]["s"] == 2
    assert await w.mode(2, "confirm", ds=50) == {}  # a completed order: only the body changes
    assert (await w.orders())["2"]["ds"] == 50
    resp = await client.post("/_sim/orders/wialon/1/advance", json={"tenant": "tok", "to": "delivered"})
    assert resp.status_code == 200
    assert (await w.orders())["1"]["s"] == 2
    await client.post("/_sim/reset", json={"tenant": "tok"})
    w = await logged_in(client)
    await w.create(n="after reset")
    assert (await w.orders())["1"]["n"] == "after reset"
