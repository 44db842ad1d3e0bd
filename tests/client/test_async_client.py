"""AsyncSimClient: the same calls as coroutines, against a real server and in process (ASGITransport)."""

from __future__ import annotations

import httpx
import pytest

from simulator.app import create_app
from simulator.client import AsyncSimClient, SimError
from simulator.settings import Settings
from tests.client.helpers import tiramizoo_order
from tests.server import running_server

pytestmark = [pytest.mark.anyio, pytest.mark.e2e]


@pytest.fixture(scope="module")
def server():
    with running_server() as base:
        yield base


async def test_every_method_against_a_real_server(server):
    async with AsyncSimClient(server) as sim:
        assert (await sim.health()).status == "ok"
        assert (await sim.settings()).clock == "manual"
        assert (await sim.update_settings(rate_limit=True)).rate_limit is True
        uuid = tiramizoo_order(server, "async-tok", web_hook_url=sim.sink_url("async"))
        assert (await sim.clock("async-tok")).pending_jobs == 1
        assert "async-tok" in (await sim.clocks()).tenants
        assert (await sim.set_clock(tenant="async-tok", mode="manual"))["async-tok"].mode == "manual"
        assert (await sim.advance(30, tenant="async-tok"))["async-tok"].jobs_run == 1
        assert [o.id for o in await sim.orders(tenant="async-tok")] == [uuid]
        assert (await sim.order("tiramizoo", uuid)).state == "dispatched"
        assert (await sim.advance_order("tiramizoo", uuid, "delivered")).path == ["picked_up", "delivered"]
        waited = await sim.wait_webhooks(3, timeout=5, tenant="async-tok", settled=True)
        assert [d.state for d in waited] == ["delivered"] * 3
        assert len(await sim.webhooks(tenant="async-tok")) == 3
        assert (await sim.sinks())["async"] == 3
        document = await sim.snapshot(tenant="async-tok")
        assert await sim.restore(document) == ["async-tok"]
        assert (await sim.sink("async")).count == 3 and await sim.clear_sink("async") == "async"
        sub = await sim.subscribe(sim.sink_url("async-subs"))
        assert [s.id for s in await sim.subscriptions()] == [sub.id]
        assert await sim.unsubscribe(sub.id) == sub.id
        rule = await sim.add_fault(status=500, vendor="wialon")
        assert [f.id for f in await sim.faults()] == [rule.id] and await sim.clear_faults() == 1
        assert (await sim.requests(tenant="async-tok"))[0].vendor == "tiramizoo"
        assert await sim.set_vendor_config("onfleet", "async-tok", {"webhook_secret": "ab"}) == {"webhook_secret": "ab"}
        assert await sim.vendor_config("onfleet", "async-tok") == {"webhook_secret": "ab"}
        assert (await sim.put_tenant("async-t", vendors={"onfleet": {"webhook_secret": "cd"}})).defined
        assert (await sim.tenant("async-t")).vendors == {"onfleet": {"webhook_secret": "cd"}}
        assert "async-t" in [t.name for t in await sim.tenants()]
        assert await sim.delete_tenant("async-t") == "async-t"
        assert await sim.reset() == "all"
        assert await sim.orders(tenant="async-tok") == []
        with pytest.raises(SimError) as info:
            await sim.order("tiramizoo", "no-such-order")
        assert info.value.status == 404


async def test_in_process_through_asgi_transport():
    app = create_app(Settings(clock="manual", seed=1), fixtures={})
    async with AsyncSimClient("http://sim", transport=httpx.ASGITransport(app=app)) as sim:
        assert (await sim.health()).version
        assert (await sim.set_clock(tenant="inproc", mode="manual"))["inproc"].mode == "manual"
    await app.state.engine.outbox.close()
