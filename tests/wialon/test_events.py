"""core/update_data_flags + avl_evts (live order updates), and core/batch."""

import pytest

from tests.wialon.helpers import ORDERS_FLAG, RESOURCE, UNITS, logged_in

pytestmark = pytest.mark.anyio


async def poll(w) -> dict:
    resp = await w.client.get("/wialon/avl_evts", params={"sid": w.sid})
    assert resp.status_code == 200 and resp.headers["content-type"] == "application/json"
    return resp.json()


async def watch(w, flags=ORDERS_FLAG | 1, mode=0):
    return await w.call("core/update_data_flags",
                        {"spec": [{"type": "id", "data": RESOURCE, "flags": flags, "mode": mode}]})


async def test_update_data_flags_answers_the_items_it_added(client):
    w = await logged_in(client)
    _, order = await w.create()
    reply = await watch(w)
    assert reply == [{"i": RESOURCE, "d": {"nm": "tok orders", "cls": 3, "id": RESOURCE, "mu": 0,
                                           "uacl": 0xFFFFFFFFFFFFFFF, "orders": {"1": order}}, "f": ORDERS_FLAG | 1}]
    units = await w.call("core/update_data_flags", {"spec": [{"type": "type", "data": "avl_unit", "flags": 1,
                                                              "mode": 1}]})
    assert [u["i"] for u in units] == list(UNITS)
    assert await watch(w, ORDERS_FLAG, 2) == [{"i": RESOURCE, "d": None, "f": 1}]
    for bad in ({"spec": [{"type": "id", "data": "x", "flags": 1}]}, {"spec": [{"type": "nope", "flags": 1}]},
                {"spec": [{"type": "col", "data": 5, "flags": 1}]}, {"spec": "x"}, {}):
        assert (await w.call("core/update_data_flags", bad))["error"] == 4, bad


async def test_avl_evts_reports_every_order_change_in_order(client):
    w = await logged_in(client)
    await w.create(n="before watching")
    await watch(w)
    assert await poll(w) == {"tm": 1767225600, "events": []}
    _, created = await w.create(n="watched", u=UNITS[0])
    await w.advance(180)
    await w.mode(1, "delete")
    await w.mode(2, "register")
    reply = await poll(w)
    assert reply["tm"] == 1767225780
    changes = [(e["i"], e["t"], list(e["d"]["orders"].items())[0]) for e in reply["events"]]
    assert [(i, t, oid, o and o["s"]) for i, t, (oid, o) in changes] == \
        [(RESOURCE, "u", "2", 1), (RESOURCE, "u", "2", 5), (RESOURCE, "u", "1", None), (RESOURCE, "u", "2", None)]
    assert reply["events"][0]["d"]["orders"]["2"] == created  # a snapshot taken when it happened
    assert (await poll(w))["events"] == []


async def test_only_watching_sessions_get_events(client):
    watcher, other = await logged_in(client), await logged_in(client)
    await watch(watcher)
    await other.create()
    assert len((await poll(watcher))["events"]) == 1
    assert (await poll(other))["events"] == []
    await watch(watcher, ORDERS_FLAG, 2)  # stop watching orders
    await other.create()
    assert (await poll(watcher))["events"] == []


async def test_avl_evts_needs_a_session(client):
    resp = await client.get("/wialon/avl_evts", params={"sid": "nope"})
    assert resp.status_code == 200 and resp.json() == {"error": 1}
    w = await logged_in(client)
    await w.call("core/logout")
    assert (await client.post("/wialon/avl_evts", data={"sid": w.sid})).json() == {"error": 1}


async def test_batch_runs_each_call_and_reports_errors_per_call(client):
    w = await logged_in(client)
    reply = await w.call("core/batch", [
        {"svc": "order/update", "params": {"itemId": RESOURCE, "id": 0, "callMode": "create", "n": "a"}},
        {"svc": "order/update", "params": {"itemId": 1, "id": 0, "callMode": "create"}},
        {"svc": "no/such", "params": {}},
        {"svc": "core/search_item", "params": {"id": RESOURCE, "flags": ORDERS_FLAG}},
    ])
    assert reply[0][0] == 1
    assert reply[1]["error"] == 7 and reply[2]["error"] == 2
    assert reply[3]["item"]["orders"]["1"] == reply[0][1]


async def test_each_call_of_a_batch_answers_the_state_it_saw(client):
    """A batch runs its calls in order, and a read answers the order as it was at that read, not as a
    later call of the same batch left it."""
    w = await logged_in(client)
    await w.call("order/update", {"itemId": RESOURCE, "id": 0, "callMode": "create", "n": "before"})
    reply = await w.call("core/batch", [
        {"svc": "core/search_item", "params": {"id": RESOURCE, "flags": ORDERS_FLAG}},
        {"svc": "order/update", "params": {"itemId": RESOURCE, "id": 1, "callMode": "update", "n": "after"}},
        {"svc": "core/search_item", "params": {"id": RESOURCE, "flags": ORDERS_FLAG}},
    ])
    assert reply[0]["item"]["orders"]["1"]["n"] == "before"
    assert reply[2]["item"]["orders"]["1"]["n"] == "after"


async def test_batch_with_flags_1_stops_at_the_first_error(client):
    w = await logged_in(client)
    reply = await w.call("core/batch", {"params": [
        {"svc": "order/update", "params": {"itemId": RESOURCE, "id": 0, "callMode": "create"}},
        {"svc": "order/update", "params": {"itemId": RESOURCE, "id": 9, "callMode": "assign", "u": UNITS[0]}},
        {"svc": "order/update", "params": {"itemId": RESOURCE, "id": 0, "callMode": "create"}},
    ], "flags": 1})
    assert reply[0][0] == 1 and reply[1]["error"] == 4 and reply[2] == {"error": 10}
    assert list(await w.orders()) == ["1"]


async def test_batch_errors(client):
    w = await logged_in(client)
    assert (await w.call("core/batch", {"x": 1}))["error"] == 4
    assert await w.call("core/batch", []) == []
    nested = await w.call("core/batch", [{"svc": "core/batch", "params": []}, {"params": {}}, "x"])
    assert [r["error"] for r in nested] == [4, 4, 4]
    assert await w.raw("core/batch", [], sid="nope") == {"error": 1}
    # a logout inside a batch ends the session for the calls after it
    reply = await w.call("core/batch", [{"svc": "core/logout", "params": {}},
                                        {"svc": "core/search_item", "params": {"id": RESOURCE, "flags": 1}}])
    assert reply == [{"error": 0}, {"error": 1}]
