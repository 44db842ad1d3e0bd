"""The PyPI `wialon` client (Golden M, 1.1.x) against a real `ordersim serve` process.

It appends /wialon/ajax.html to scheme://host[:port] and glues unencoded JSON into the query
string of an empty POST. Pointed at us by the URL rule: host="127.0.0.1:PORT/wialon", port=0."""

import httpx
import pytest

from tests.server import running_server
from tests.wialon.helpers import ORDERS_FLAG, RESOURCE, UNITS

sdk = pytest.importorskip("wialon.sdk")
if not hasattr(sdk, "WialonSdk"):  # another distribution owns the `wialon` name (python-wialon, wialon-sdk)
    pytest.skip("the installed `wialon` package is not Golden M's", allow_module_level=True)

pytestmark = [pytest.mark.clients, pytest.mark.e2e]

TOKEN = "5dce19710a5e26ab8b7b8986cb3c49e58C291791B7F0A7AEB8AFBFCEED7DC03BC48FF5F8"  # 72 symbols, like Wialon's
NOW = 1767225600


@pytest.fixture(scope="module")
def server():
    with running_server() as base:
        yield base


def client_for(base: str, rule: bool = True):
    host = base.removeprefix("http://")
    if rule:
        return sdk.WialonSdk(scheme="http", host=f"{host}/wialon", port=0)  # -> /wialon/wialon/ajax.html
    name, port = host.split(":")
    return sdk.WialonSdk(scheme="http", host=name, port=int(port))  # -> /wialon/ajax.html (the alias)


def advance(base: str, seconds: float) -> None:
    httpx.post(base + "/_sim/clock/advance", json={"tenant": TOKEN, "seconds": seconds}).raise_for_status()


def test_login_create_assign_clock_complete_register_history(server):
    w = client_for(server)
    login = w.login(TOKEN)
    assert login["user"]["id"] == 1000 and len(login["eid"]) == 32
    order = {"itemId": RESOURCE, "id": 0, "n": "Berlin drop", "p": {"n": "Bob", "a": "Im Dol 1", "w": "2"},
             "callMode": "create", "f": 0, "tf": NOW, "tt": NOW + 3600, "r": 100, "y": 52.5, "x": 13.4, "u": 0}
    order_id, created = w.order_update(order)
    assert (created["s"], created["u"], created["n"]) == (0, 0, "Berlin drop")
    assert w.order_update({"itemId": RESOURCE, "id": order_id, "u": UNITS[0], "callMode": "assign"}) == {}
    item = w.core_search_item({"id": RESOURCE, "flags": ORDERS_FLAG | 1})["item"]
    assert item["orders"][str(order_id)] == {**created, "u": UNITS[0], "s": 1}
    advance(server, 180)
    assert w.core_search_item({"id": RESOURCE, "flags": ORDERS_FLAG})["item"]["orders"][str(order_id)]["s"] == 5
    advance(server, 120)
    done = w.core_search_item({"id": RESOURCE, "flags": ORDERS_FLAG})["item"]["orders"][str(order_id)]
    assert (done["s"], done["dtt"]) == (2, NOW + 300)
    assert w.order_update({"itemId": RESOURCE, "id": order_id, "callMode": "register"}) == {}
    history = w.order_get_orders_history({"itemId": RESOURCE})
    assert history["count"] == 1 and history["orders"][0] == done
    assert w.logout() == {"error": 0}


def test_errors_raise_wialon_error_with_the_code_and_reason(server):
    w = client_for(server)
    w.login(TOKEN)
    with pytest.raises(sdk.WialonError) as err:
        w.order_update({"itemId": 1, "id": 0, "callMode": "create"})
    assert str(err.value) == "7 - Access denied - resource 1 not found or not accessible"
    with pytest.raises(sdk.WialonError) as err:
        w.order_update({"itemId": RESOURCE, "id": 0, "callMode": "teleport"})
    assert str(err.value).startswith("4 - Invalid input - invalid callMode")
    with pytest.raises(sdk.WialonError) as err:  # `&` inside unencoded JSON cuts the value, as on Wialon
        w.order_update({"itemId": RESOURCE, "id": 0, "n": "A&B", "callMode": "create"})
    assert str(err.value).startswith("4 - ")
    w.logout()
    with pytest.raises(sdk.WialonError) as err:
        w.core_search_item({"id": RESOURCE, "flags": 1})
    assert str(err.value) == "1 - Invalid session"


def test_batch_and_the_origin_alias(server):
    w = client_for(server, rule=False)
    w.login(TOKEN)
    results = w.call("core_batch", [
        {"svc": "order/update", "params": {"itemId": RESOURCE, "id": 0, "callMode": "create", "n": "batched"}},
        {"svc": "core/search_items", "params": {"spec": {"itemsType": "avl_resource", "propName": "sys_name",
                                                         "propValueMask": "*", "sortType": "sys_name"},
                                                "force": 1, "flags": ORDERS_FLAG | 1, "from": 0, "to": 0}},
    ])
    order_id, created = results[0]
    found = results[1]
    assert found["totalItemsCount"] == 1 and found["items"][0]["orders"][str(order_id)] == created
