"""Control-plane request bodies: each is a typed Struct, so a bad one answers 400 in the control
plane's envelope naming the field; run-time changes reach the engine (and read back as changed)."""

import pytest

from tests.tiramizoo.helpers import create

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize(("method", "path", "body", "error"), [
    ("put", "/_sim/clock", {"speed": "fast"}, "speed: Expected `float | null`, got `str`"),
    ("put", "/_sim/clock", {"mode": "manual", "tenat": "t"}, "invalid body: Object contains unknown field `tenat`"),
    ("post", "/_sim/clock/advance", {"seconds": True}, "seconds: Expected `float`, got `bool`"),
    ("post", "/_sim/clock/advance", {}, "invalid body: Object missing required field `seconds`"),
    ("post", "/_sim/reset", {"tenant": 7}, "tenant: Expected `str | null`, got `int`"),
    ("post", "/_sim/webhooks/wait", {"count": 1.5}, "count: Expected `int`, got `float`"),
    ("post", "/_sim/webhooks/wait", {"vendor": ["onfleet"]}, "vendor: Expected `str | null`, got `array`"),
    ("post", "/_sim/subscriptions", {"url": "http://x", "secret": 1}, "secret: Expected `str | null`, got `int`"),
    ("post", "/_sim/faults", {"status": "500"}, "status: Expected `int`, got `str`"),
    ("put", "/_sim/settings", {"webhook_timeout": "soon"}, "webhook_timeout: Expected `float | null`, got `str`"),
    ("put", "/_sim/settings", {"webhook_timeout": 0}, "webhook_timeout must be a positive number of seconds"),
    ("put", "/_sim/vendors/tiramizoo/config", {"tenant": "t", "config": [1]},
     "config: Expected `object | null`, got `array`"),
    ("post", "/_sim/clock/advance", b"{nope", "malformed JSON: JSON is malformed: object keys must be strings (byte 1)"),
])
async def test_a_bad_body_names_the_field(client, method, path, body, error):
    kwargs = {"content": body} if isinstance(body, bytes) else {"json": body}
    resp = await getattr(client, method)(path, **kwargs)
    assert resp.status_code == 400 and resp.json() == {"error": error, "status": 400}, resp.text


async def test_clock_default_follows_a_put_without_tenant(client):
    before = (await client.get("/_sim/clock")).json()["default"]
    assert before == {"mode": "manual", "speed": 1.0}
    assert (await client.put("/_sim/clock", json={"mode": "scaled", "speed": 4})).status_code == 200
    assert (await client.get("/_sim/clock")).json()["default"] == {"mode": "scaled", "speed": 4.0}
    await create(client, "later")  # a tenant created afterwards starts on the new default
    assert (await client.get("/_sim/clock", params={"tenant": "later"})).json()["mode"] == "scaled"


async def test_webhook_timeout_reaches_the_outbox(app, client):
    resp = await client.put("/_sim/settings", json={"webhook_timeout": 1.5})
    assert resp.status_code == 200 and resp.json()["webhook_timeout"] == 1.5
    assert app.state.engine.outbox.timeout == 1.5


async def test_vendor_config_merges_through_the_engine(client):
    await create(client, "cfg")
    put = "/_sim/vendors/hypertrack/config"
    a, b = {"webhook_secret": "a"}, {"webhook_url": "/_sim/sink/b"}
    assert (await client.put(put, json={"tenant": "cfg", "config": a})).json()["config"] == a
    assert (await client.put(put, json={"tenant": "cfg", "config": b})).json()["config"] == {**a, **b}
    resp = await client.put(put, json={"config": a})
    assert resp.status_code == 400 and resp.json()["error"] == "tenant is required"


@pytest.mark.parametrize(("vendor", "config", "error"), [
    ("hypertrack", {"webhook_url": "sink"},
     "config.webhook_url: 'sink' is not allowed; must be an http(s) URL or a path starting with /"),
    ("hypertrack", {"workers": ["james"]}, "config.workers: expected an object, got a list"),
    ("pitneybowes", {"tokenTtl": "soon"}, "config.tokenTtl: expected a number, got a string 'soon'"),
    ("pitneybowes", {"tokenTtl": 0, "uniqueOrderNumber": "no"},
     "config.tokenTtl: 0 is not allowed; must be greater than 0; config.uniqueOrderNumber: expected true or false, "
     "got a string 'no'"),
    ("onfleet", {"services": [{"name": "x"}]}, "config.services[0].id: required"),
    ("wialon", {"units": [{"id": "7", "nm": "Van"}]}, "config.units[0].id: expected an integer, got a string '7'"),
    ("tiramizoo", {"k": 1}, "config.k: unknown key; expected nothing (leave it empty)"),
])
async def test_a_bad_vendor_config_names_the_field_and_changes_nothing(client, vendor, config, error):
    """The merged config is checked as a fixtures file's `vendors.<vendor>` would be."""
    await create(client, "cfg")
    resp = await client.put(f"/_sim/vendors/{vendor}/config", json={"tenant": "cfg", "config": config})
    assert resp.status_code == 400 and resp.json() == {"error": error, "status": 400}, resp.text
    after = await client.get(f"/_sim/vendors/{vendor}/config", params={"tenant": "cfg"})
    assert "webhook_url" not in after.json()["config"] and set(config).isdisjoint(after.json()["config"])


async def test_a_vendor_config_change_that_breaks_the_merged_result_is_refused(client):
    """A field is checked together with what the tenant already has: the result is what counts."""
    await create(client, "cfg")
    put = "/_sim/vendors/onfleet/config"
    services = [{"id": "svc", "price": 10}]
    assert (await client.put(put, json={"tenant": "cfg", "config": {"services": services}})).status_code == 200
    resp = await client.put(put, json={"tenant": "cfg", "config": {"services": services + [{"price": 1}]}})
    assert resp.status_code == 400 and resp.json()["error"] == "config.services[1].id: required"
    shown = (await client.get(put, params={"tenant": "cfg"})).json()["config"]
    assert shown["services"] == [{"id": "svc", "price": 10.0}]
