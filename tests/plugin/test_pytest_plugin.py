"""The pytest plugin as a user meets it: inner pytest runs (pytester) that use `ordersim`, the marker,
-n 2 and ORDERSIM_URL. Runs with xdist are subprocesses; the others run in process (faster), which
loads the plugin through its entry point all the same."""

from __future__ import annotations

import pytest

from simulator.client import SimClient
from tests.server import running_server

pytestmark = pytest.mark.e2e
QUIET = ("-p", "no:cacheprovider", "-p", "no:hypothesispytest")  # hypothesis' plugin costs seconds per run


def inner(pytester: pytest.Pytester, *args: str, processes: int = 0) -> pytest.RunResult:
    """An inner pytest run: in process, or (processes > 0) a subprocess with that many xdist workers."""
    if processes:
        return pytester.runpytest_subprocess(*QUIET, "-n", str(processes), *args)
    return pytester.runpytest(*QUIET, *args)

# An inner test module: each test owns a tenant; they must not see each other's state.
ISOLATION = '''
import httpx, pytest

SEEN = {}
QUOTE = {"pickup": {"address_line_1": "Im Dol 1", "city": "Berlin", "postal_code": "14195", "country_code": "de"},
         "delivery": {"address_line_1": "Thujaweg 1", "city": "Berlin", "postal_code": "12437", "country_code": "de"},
         "items": [{"width": 2, "height": 8.2, "length": 5, "weight": 2}]}


def post_order(ordersim):
    base = ordersim.base_url("tiramizoo")
    quote = httpx.post(base + "/quotes", json=QUOTE).json()[0]
    return httpx.post(base + "/orders", params={"api_token": ordersim.tiramizoo_token},
                      json={"quote": quote, "pickup": {"name": "A", "phone_number": "+491234567890"},
                            "delivery": {"name": "B", "email": "b@example.com"}, "description": "x",
                            "web_hook_url": ordersim.sink_url()})


def create_order(ordersim):
    resp = post_order(ordersim)
    assert resp.status_code == 201, resp.text
    return resp.json()["uuid"]


def test_a_fault_hits_only_its_own_tenant(ordersim):
    ordersim.fault(503, vendor="tiramizoo", path="/tiramizoo/v1/orders")
    assert post_order(ordersim).status_code == 503


@pytest.mark.parametrize("n", range(4))
def test_each_test_sees_only_its_own_orders_and_webhooks(ordersim, n):
    SEEN[n] = ordersim.tenant
    uuid = create_order(ordersim)
    ordersim.advance(30)
    assert [o.id for o in ordersim.orders()] == [uuid]
    assert [d.order_id for d in ordersim.wait_webhooks(1, timeout=5)] == [uuid]
    assert [r.json()["uuid"] for r in ordersim.sink().requests] == [uuid]
    assert {e.tenant for e in ordersim.requests()} == {ordersim.tenant}


def test_a_failing_test(ordersim):
    SEEN["failed"] = ordersim.tenant
    create_order(ordersim)
    assert False, "fails on purpose"


def test_the_failed_tests_tenant_was_removed(ordersim_client):
    names = [t.name for t in ordersim_client.tenants()]
    assert SEEN["failed"] not in names and SEEN[0] not in names


@pytest.mark.ordersim(clock="scaled", speed=10, vendors={"hypertrack": {"webhook_secret": "from-marker"}})
def test_the_marker_sets_up_the_tenant(ordersim):
    clock = ordersim.clock()
    assert (clock.mode, clock.speed) == ("scaled", 10)
    assert ordersim.vendor_config("hypertrack") == {"webhook_secret": "from-marker"}


def test_official_clients_are_pointed_at_the_tenant_and_patches_undone(ordersim):
    import onfleet.request
    original = onfleet.request.API_BASE_URL
    assert "successfully authenticated" in ordersim.client("onfleet").auth_test()["message"]
    assert onfleet.request.API_BASE_URL == ordersim.base_url("onfleet")
    assert ordersim.client("hypertrack").requests.get("orders/")["orders"] == []
    ordersim.close()  # what teardown does; the fixture's own close() then does nothing
    assert onfleet.request.API_BASE_URL == original


def test_a_missing_client_library_skips_the_test(ordersim, monkeypatch):
    import sys
    monkeypatch.setitem(sys.modules, "hypertrack.rest", None)  # as if not installed
    ordersim.client("hypertrack")


def test_vendors_without_an_official_client_say_how_to_call_them(ordersim):
    with pytest.raises(LookupError, match="Pitney Bowes has no official Python client"):
        ordersim.client("pitneybowes")


def test_without_marker_the_clock_is_manual(ordersim):
    assert ordersim.clock().mode == "manual"
    assert ordersim.base_url("onfleet") == ordersim.url("/onfleet/api/v2")
'''


def test_isolation_teardown_and_marker(pytester):
    pytester.makepyfile(test_inner=ISOLATION)
    result = inner(pytester, "-rs")
    result.assert_outcomes(passed=10, failed=1, skipped=1)
    result.stdout.fnmatch_lines(["*fails on purpose*",
                                 "SKIPPED*ordersim.client() needs the 'hypertrack' package (pip install hypertrack)"])


def test_parallel_workers_against_one_server_by_ordersim_url(pytester, monkeypatch):
    pytest.importorskip("xdist")
    pytester.makepyfile(test_inner=ISOLATION.replace("def test_the_failed_tests_tenant_was_removed",
                                                     "def _not_collected"))
    with running_server() as base:
        monkeypatch.setenv("ORDERSIM_URL", base)
        result = inner(pytester, processes=2)
        result.assert_outcomes(passed=9, failed=1, skipped=1)
        with SimClient(base) as sim:
            assert [t.name for t in sim.tenants() if t.defined] == []  # every test's tenant is gone
            workers = {e.tenant.split("-")[-2][:3] for e in sim.requests(limit=1000) if e.tenant}
    assert workers == {"gw0", "gw1"}  # both workers used the one server


def test_parallel_workers_each_start_a_server(pytester):
    pytest.importorskip("xdist")
    pytester.makepyfile(test_inner='''
def test_a(ordersim_server, ordersim):
    print("SERVER", ordersim_server)
    assert ordersim.orders() == []

def test_b(ordersim_server, ordersim):
    print("SERVER", ordersim_server)
    assert ordersim.orders() == []
''')
    result = inner(pytester, "-s", processes=2)
    result.assert_outcomes(passed=2)


def test_ordersim_url_option_and_fixtures_option(pytester, tmp_path):
    fixtures = tmp_path / "fixtures.json"
    fixtures.write_text('{"tenants": {"seeded": {"credentials": {"tiramizoo": ["seeded-token"]}}}}')
    pytester.makepyfile(test_inner='''
def test_seeded(ordersim_client):
    assert "seeded" in [t.name for t in ordersim_client.tenants()]
''')
    inner(pytester, f"--ordersim-fixtures={fixtures}").assert_outcomes(passed=1)
    with running_server() as base:
        pytester.makepyfile(test_inner=f'''
def test_uses_the_given_server(ordersim_server):
    assert ordersim_server == {base!r}
''')
        inner(pytester, f"--ordersim-url={base}").assert_outcomes(passed=1)


def test_a_server_that_is_not_there_is_a_clear_error(pytester, monkeypatch):
    monkeypatch.setenv("ORDERSIM_URL", "http://127.0.0.1:9")
    pytester.makepyfile(test_inner="def test_x(ordersim):\n    pass\n")
    result = inner(pytester, "--ordersim-wait=0.3")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*ServerError: ordersim at http://127.0.0.1:9 never answered healthy*"])


def test_unknown_marker_options_are_refused(pytester):
    pytester.makepyfile(test_inner='''
import pytest

@pytest.mark.ordersim(clok="scaled")
def test_x(ordersim):
    pass
''')
    result = inner(pytester)
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*unknown option(s) clok; known: clock, speed, start, vendors*"])


def test_p_no_ordersim_turns_the_plugin_off(pytester):
    pytester.makepyfile(test_inner="def test_x(ordersim):\n    pass\n")
    result = inner(pytester, "-p", "no:ordersim")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*fixture 'ordersim' not found*"])
    assert "--ordersim-url" not in inner(pytester, "-p", "no:ordersim", "--help").stdout.str()
