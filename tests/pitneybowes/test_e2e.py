"""The issue's "done when" walk through a real server process started with the example fixtures:
token -> create -> get -> patch -> tags -> search -> bulk status -> item delete -> soft delete."""

import json
from pathlib import Path

import httpx

from tests.pitneybowes.helpers import MINIMAL, basic
from tests.server import running_server

FIXTURES = json.loads((Path(__file__).parents[2] / "fixtures" / "pitneybowes.json").read_text())


def test_full_walk_against_a_real_server():
    with running_server(fixtures=FIXTURES) as base, httpx.Client(base_url=base, timeout=5) as http:
        assert http.post("/pitneybowes/auth/api/v1/token", headers=basic("pb-demo-client", "wrong")).status_code == 401
        tok = http.post("/pitneybowes/auth/api/v1/token", headers=basic("pb-demo-client", "pb-demo-secret")).json()
        auth = {"Authorization": f"Bearer {tok['access_token']}"}
        api = "/pitneybowes/ordermanagement/api/v1/orders"
        body = {**MINIMAL, "items": [{"itemId": "SKU1", "quantity": 1}, {"itemId": "SKU2", "quantity": 2}]}
        created = http.post(api, json=body, headers=auth)
        assert created.status_code == 200
        order_id = created.json()["orderId"]
        assert http.get(f"{api}/{order_id}", headers=auth).json()["orderInfo"]["status"] == "UNFULFILLED"
        assert http.patch(f"{api}/{order_id}", json={"orderNumber": "E2E-2"}, headers=auth).status_code == 200
        assert http.put(f"{api}/{order_id}/tags", json={"tagIds": ["vip"]}, headers=auth).status_code == 200
        found = http.post(f"{api}/search", json={"filters": [{"name": "tagIds", "value": ["vip"]}]}, headers=auth)
        assert [o["orderInfo"]["orderNumber"] for o in found.json()["orders"]] == ["E2E-2"]
        held = http.patch(f"{api}/bulk/status", json={"orders": [{"orderId": order_id}], "status": "ONHOLD"},
                          headers=auth)
        assert held.json()["status"] == "ONHOLD"
        assert http.delete(f"{api}/{order_id}/items", params={"itemId": "SKU2"}, headers=auth).status_code == 200
        order = http.get(f"{api}/{order_id}", headers=auth).json()
        assert order["orderInfo"]["status"] == "ONHOLD" and len(order["orderInfo"]["items"]) == 1
        # a second client id of the same fixture tenant sees the same orders
        other = http.post("/pitneybowes/auth/api/v1/token", headers=basic("pb-demo-warehouse", "pb-demo-secret"))
        other_auth = {"Authorization": f"Bearer {other.json()['access_token']}"}
        assert http.get(f"{api}/{order_id}", headers=other_auth).status_code == 200
        assert http.delete(f"{api}/{order_id}", headers=auth).json()["status"] == "Deleted"
        gone = http.get(f"{api}/{order_id}", headers=auth)
        assert gone.status_code == 404 and gone.json()["errorCode"] == "not_found"
