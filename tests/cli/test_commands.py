"""The control-plane commands run as processes against a real server: human output, --json, and the
state they leave behind."""

from __future__ import annotations

import json
import subprocess
import sys

import httpx
import pytest

from simulator import __version__
from simulator.cli.clock import duration
from tests.cli.helpers import ordersim, tiramizoo_order

pytestmark = pytest.mark.e2e


def ok(*args: str, **kw) -> str:
    done = ordersim(*args, **kw)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_status_shows_health_version_and_each_tenant(server, tenant):
    tiramizoo_order(server, tenant)
    text = ok("status", "--url", server)
    assert text.startswith(f"ordersim {__version__} at {server}: ok\n")
    [row] = [line.split() for line in text.splitlines() if line.startswith(tenant + " ")]
    assert row[:4] == [tenant, "manual", "1", "2026-01-01T00:00:00Z"] and row[4] == "1"  # one order
    data = json.loads(ok("status", "--json", env={"ORDERSIM_URL": server}))
    assert data["status"] == "ok" and data["version"] == __version__ and "tiramizoo" in data["vendors"]
    [mine] = [t for t in data["tenants"] if t["name"] == tenant]
    assert mine["orders"] == 1 and mine["clock"]["mode"] == "manual"


def test_orders_and_order(server, tenant):
    uuid = tiramizoo_order(server, tenant)
    rows = [line.split() for line in ok("orders", "--url", server, "--tenant", tenant).splitlines()]
    assert rows == [["VENDOR", "TENANT", "ID", "STATE", "MILESTONE", "UPDATED"],
                    ["tiramizoo", tenant, uuid, "awaiting_payment", "awaiting_payment", "2026-01-01T00:00:00Z"]]
    listed = json.loads(ok("orders", "--url", server, "--tenant", tenant, "--vendor", "tiramizoo", "--json"))
    assert [(o["id"], o["state"]) for o in listed] == [(uuid, "awaiting_payment")]
    assert ok("orders", "--url", server, "--tenant", tenant, "--milestone", "delivered") == "no orders\n"
    one = json.loads(ok("order", "tiramizoo", uuid, "--url", server, "--json"))
    assert one == httpx.get(f"{server}/_sim/orders/tiramizoo/{uuid}").json()  # the server's answer, whole
    text = ok("order", "tiramizoo", uuid, "--url", server, "--tenant", tenant)
    assert "state      awaiting_payment" in text and f'"uuid": "{uuid}"' in text  # the vendor's own body


def test_advance_prints_the_path_walked(server, tenant):
    uuid = tiramizoo_order(server, tenant)
    text = ok("advance", "tiramizoo", uuid, "delivered", "--url", server, "--tenant", tenant)
    assert text == f"tiramizoo {uuid}: awaiting_payment -> dispatched -> picked_up -> delivered (milestone delivered)\n"
    assert ok("advance", "tiramizoo", uuid, "delivered", "--url", server) == (
        f"tiramizoo {uuid}: already delivered (milestone delivered)\n")
    state = httpx.get(f"{server}/tiramizoo/v1/orders/{uuid}?api_token={tenant}").json()["state"]
    assert state == "delivered"


def test_clock_show_advance_and_set(server, tenant):
    uuid = tiramizoo_order(server, tenant)
    rows = [line.split() for line in ok("clock", "--url", server, "--tenant", tenant).splitlines()]
    assert rows[1][:4] == [tenant, "manual", "1", "2026-01-01T00:00:00Z"]
    moved = json.loads(ok("clock", "advance", "90s", "--url", server, "--tenant", tenant, "--json"))
    assert moved[tenant]["now"] == pytest.approx(1767225600 + 90) and moved[tenant]["jobs_run"] == 1
    assert httpx.get(f"{server}/_sim/orders/tiramizoo/{uuid}").json()["state"] == "dispatched"  # due at 30 s
    text = ok("clock", "--tenant", tenant, "advance", "1d", "--url", server)  # --tenant before the action too
    assert text.startswith("advanced 86400 s\n") and "2026-01-02T00:01:30Z" in text
    changed = json.loads(ok("clock", "set", "--mode", "scaled", "--speed", "2", "--tenant", tenant, "--url", server,
                            "--json"))
    assert changed[tenant]["mode"] == "scaled" and changed[tenant]["speed"] == 2
    every = json.loads(ok("clock", "--url", server, "--json"))
    assert every["tenants"][tenant]["mode"] == "scaled" and every["default"]["mode"] == "manual"


@pytest.mark.parametrize("text, seconds", [("300", 300), ("90s", 90), ("5m", 300), ("2h", 7200), ("1d", 86400),
                                           ("1.5m", 90)])
def test_durations(text, seconds):
    assert duration(text) == seconds


def test_reset_one_tenant(server, tenant):
    tiramizoo_order(server, tenant)
    assert ok("reset", "--tenant", tenant, "--url", server) == f"reset tenant {tenant}\n"
    assert json.loads(ok("orders", "--tenant", tenant, "--url", server, "--json")) == []
    assert json.loads(ok("reset", "--tenant", tenant, "--url", server, "--json")) == {"reset": tenant}


def test_faults_add_list_clear(server, tenant):
    added = json.loads(ok("faults", "add", "--status", "503", "--count", "1", "--vendor", "tiramizoo",
                          "--path", "/tiramizoo/v1/orders", "--url", server, "--json"))
    assert added["status"] == 503 and added["count"] == 1
    rows = [line.split() for line in ok("faults", "list", "--url", server).splitlines()]
    assert rows[1] == [added["id"], "503", "1", "0", "*", "tiramizoo", "*", "/tiramizoo/v1/orders"]
    resp = httpx.get(f"{server}/tiramizoo/v1/orders?api_token={tenant}")
    assert resp.status_code == 503  # in Tiramizoo's envelope
    assert httpx.get(f"{server}/tiramizoo/v1/orders?api_token={tenant}").status_code == 200  # count used up
    ok("faults", "add", "--status", "500", "--url", server)  # every vendor, every path: but not /_sim
    assert httpx.get(f"{server}/tiramizoo/v1/orders?api_token={tenant}").status_code == 500
    assert httpx.get(f"{server}/_sim/health").status_code == 200
    assert ok("faults", "clear", "--url", server) == "removed 1 fault rule\n"
    assert ok("faults", "list", "--url", server) == "no fault rules\n"


def test_webhooks_lists_the_delivery_log(server, tenant, receiver):
    uuid = tiramizoo_order(server, tenant, web_hook_url=receiver.url)
    ok("clock", "advance", "30", "--tenant", tenant, "--url", server)
    rows = [line.split() for line in ok("webhooks", "--tenant", tenant, "--url", server).splitlines()]
    assert rows[0] == ["ID", "TENANT", "VENDOR", "ORDER", "EVENT", "STATE", "ATTEMPTS", "LAST", "URL"]
    assert [r[1:] for r in rows[1:]] == [[tenant, "tiramizoo", uuid, "dispatched", "delivered", "1", "200", receiver.url]]
    [delivery] = json.loads(ok("webhooks", "--tenant", tenant, "--vendor", "tiramizoo", "--url", server, "--json"))
    assert delivery["attempts"][0]["status"] == 200 and delivery["order_id"] == uuid


def test_output_piped_into_a_reader_that_stops_early_is_no_traceback(server, tenant):
    for _ in range(3):
        tiramizoo_order(server, tenant)
    with subprocess.Popen([sys.executable, "-m", "simulator", "orders", "--json", "--url", server], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE) as proc:
        proc.stdout.close()  # a reader that is gone before the answer comes (like `| head -0`)
        err = proc.stderr.read().decode()
        assert proc.wait(20) == 0 and "Traceback" not in err, err


def test_a_fault_for_one_tenant_leaves_the_others_alone(server, tenant):
    tiramizoo_order(server, tenant)
    rule = json.loads(ok("faults", "add", "--status", "503", "--vendor", "tiramizoo", "--tenant", tenant, "--url", server,
                         "--json"))
    try:
        [header, row] = ok("faults", "list", "--url", server).splitlines()
        assert row.index(f" {tenant} ") == header.index(" TENANT ")  # in the TENANT column
        assert httpx.get(f"{server}/tiramizoo/v1/orders?api_token={tenant}").status_code == 503
        assert httpx.get(f"{server}/tiramizoo/v1/orders?api_token={tenant}-other").status_code == 200
    finally:
        ok("faults", "clear", "--id", rule["id"], "--url", server)
