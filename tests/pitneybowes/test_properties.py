"""Properties: random PATCH / item-delete sequences keep GET equal to what was acknowledged, and
hostile bodies on every endpoint get a PB envelope, never a 5xx."""

from __future__ import annotations

import copy

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.app import create_app
from simulator.settings import Settings
from tests.pitneybowes.helpers import BASE, MINIMAL, token

pytestmark = pytest.mark.anyio
# derandomize: the same examples every run, like the rest of the suite (manual clock, seed 1).
SETTINGS = settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])

words = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=8)
nonblank = words.filter(str.strip)
maybe_blank = st.one_of(st.sampled_from(["", " "]), nonblank, nonblank, nonblank)  # mostly valid
address = st.fixed_dictionaries({"addressLine1": maybe_blank, "countryCode": st.sampled_from(["US", "CA", "GB", " "])},
                                optional={"cityTown": words, "postalCode": words, "residential": st.booleans()})
item = st.fixed_dictionaries({"itemId": st.sampled_from(["SKU1", "A", "B"])},
                             optional={"quantity": st.integers(0, 9), "description": words,
                                       "unitPrice": st.floats(0, 1000, allow_nan=False, allow_infinity=False)})
patch = st.fixed_dictionaries({}, optional={
    "orderNumber": maybe_blank,
    "customerInfo": st.fixed_dictionaries({}, optional={"customerId": words, "email": words}),
    "orderMessage": st.fixed_dictionaries({"type": st.just("GIFT"), "message": words}),
    "charges": st.fixed_dictionaries({}, optional={"gmv": st.integers(0, 10**6), "currency": words}),
    "metadata": st.lists(st.fixed_dictionaries({"name": words, "value": words}), max_size=2),
    "toAddress": address,
    "fromAddress": address,
    "items": st.lists(item, max_size=3, unique_by=lambda i: i["itemId"]),
})
items_only = st.fixed_dictionaries({"items": st.lists(item, min_size=1, max_size=3, unique_by=lambda i: i["itemId"])})
operation = st.one_of(st.tuples(st.just("patch"), patch), st.tuples(st.just("patch"), items_only),
                      st.tuples(st.just("delete_item"), st.sampled_from(["SKU1", "A", "C"])))


def valid(body: dict) -> bool:
    if "orderNumber" in body and not body["orderNumber"].strip():
        return False
    for name in ("toAddress", "fromAddress"):
        if name in body and not (body[name]["addressLine1"].strip() and body[name]["countryCode"].strip()):
            return False
    return all(i.get("quantity", 1) >= 1 for i in body.get("items", ()))


def apply(model: dict, body: dict) -> None:
    """The documented semantics: parts replace whole, items upsert by itemId keeping unsent members."""
    for name, value in body.items():
        if name != "items":
            model[name] = value
    items = model["items"]
    for new in body.get("items", ()):
        old = next((i for i in items if i["itemId"] == new["itemId"]), None)
        if old is None:
            items.append(dict(new))
        else:
            old.update(new)


def observed(order: dict) -> dict:
    info, shipping = order["orderInfo"], order["orderShippingInfo"]
    seen = {k: v for k, v in {**info, **shipping}.items() if k in patch_keys or k == "items"}
    return seen


patch_keys = {"orderNumber", "customerInfo", "orderMessage", "charges", "metadata", "toAddress", "fromAddress"}


async def _session():
    app = create_app(Settings(clock="manual", seed=1), fixtures={})
    return app, httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://sim")


@SETTINGS
@given(ops=st.lists(operation, min_size=2, max_size=10))
async def test_patch_sequences_keep_get_consistent(ops):
    app, client = await _session()
    async with client:
        auth = await token(client, "prop")
        resp = await client.post(BASE, json=MINIMAL, headers=auth)
        order_id = resp.json()["orderId"]
        model = {k: copy.deepcopy(v) for k, v in MINIMAL.items()}
        for kind, arg in ops:
            if kind == "patch":
                resp = await client.patch(f"{BASE}/{order_id}", json=arg, headers=auth)
                if valid(arg):
                    assert resp.status_code == 200, resp.text
                    assert resp.json()["orderNumber"] == arg.get("orderNumber", model["orderNumber"])
                    apply(model, arg)
                else:
                    assert resp.status_code == 400 and resp.json()["errorCode"] == "validation_error"
            else:
                resp = await client.delete(f"{BASE}/{order_id}/items", params={"itemId": arg}, headers=auth)
                present = any(i["itemId"] == arg for i in model["items"])
                assert resp.status_code == (200 if present else 404), resp.text
                model["items"] = [i for i in model["items"] if i["itemId"] != arg]
            got = (await client.get(f"{BASE}/{order_id}", headers=auth)).json()
            assert observed(got) == {k: v for k, v in model.items() if k in patch_keys or k == "items"}
    await app.state.engine.outbox.close()


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | words,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(words, inner, max_size=4), max_leaves=12)
# Bodies shaped like the real ones, with hostile values in the right places.
shaped = st.fixed_dictionaries({}, optional={
    key: json_values for key in ("orderNumber", "items", "toAddress", "fromAddress", "customerInfo",
                                 "shippingPreferences", "orders", "status", "tags", "tagIds", "filters",
                                 "page", "size")})
raw_bodies = st.one_of(st.binary(max_size=64), st.sampled_from([b"{", b"\xff\xfe", b"[" * 5000, b'{"a":1e999}']))


@SETTINGS
@given(body=st.one_of(json_values, shaped), raw=raw_bodies)
async def test_hostile_bodies_never_yield_5xx(body, raw):
    app, client = await _session()
    async with client:
        auth = await token(client, "hostile")
        order_id = (await client.post(BASE, json=MINIMAL, headers=auth)).json()["orderId"]
        calls = [("POST", BASE), ("PATCH", f"{BASE}/{order_id}"), ("PATCH", f"{BASE}/bulk/status"),
                 ("POST", f"{BASE}/search"), ("PUT", f"{BASE}/{order_id}/tags"), ("PUT", f"{BASE}/bulkTags")]
        for method, url in calls:
            for kwargs in ({"json": body}, {"content": raw}):
                resp = await client.request(method, url, headers=auth, **kwargs)
                assert resp.status_code < 500, (method, url, kwargs, resp.text)
                if resp.status_code >= 400:
                    assert set(resp.json()) == {"errorCode", "message", "additionalInfo"}
        # whatever was accepted, the order still reads back in the vendor's shape
        resp = await client.get(f"{BASE}/{order_id}", headers=auth)
        assert resp.status_code in (200, 404) and resp.headers["content-type"] == "application/json"
    await app.state.engine.outbox.close()
