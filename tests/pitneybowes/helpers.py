"""Request builders shared by the Pitney Bowes tests."""

from __future__ import annotations

import base64
import copy

BASE = "/pitneybowes/ordermanagement/api/v1/orders"
TOKEN_URL = "/pitneybowes/auth/api/v1/token"

# The create sample from PB's docs (the parts that were captured), verbatim.
SAMPLE = {
    "orderNumber": "ORD12346",
    "orderMessage": {"type": "GIFT", "message": "Happy Birthday! Enjoy your gift."},
    "metadata": [{"name": "costAccountName", "value": "costAccountName12"},
                 {"name": "costAccountId", "value": "costAccountId12"}, {"name": "costAccountCode", "value": "Code12"}],
    "charges": {"currency": "USD", "billingStatus": "Paid", "gmv": 100, "subTotal": 90, "totalPaid": 100,
                "paymentType": "Credit Card"},
    "shippingReference": {"reference1": "reference1", "reference2": "reference2", "reference3": "reference3",
                          "reference4": "reference4", "shipperReference": "Shipper123",
                          "transportationReference": "TransRef2025", "shippingNotes": "Handle with care"},
    "customerInfo": {"firstName": "John", "lastName": "Doe", "email": "john.doe@example.com", "customerId": "CUST12345"},
    "fromAddress": {"name": "Warehouse A", "company": "Company Name", "addressLine1": "638 Manitoba Ave",
                    "addressLine2": "Apt 4B", "addressLine3": "Near City Park", "cityTown": "Winnipeg",
                    "stateProvince": "MB", "postalCode": "R2W 2H2", "countryCode": "CA", "phone": "1234567890",
                    "email": "warehouse@email.com", "residential": False},
    "toAddress": {"name": "Jane Smith", "company": "Company ABC", "addressLine1": "1822 Franklin Street",
                  "addressLine2": "3010 Summer Street", "addressLine3": "Near City Park", "cityTown": "Vancouver",
                  "stateProvince": "BC", "postalCode": "V5L 1P8", "countryCode": "CA", "phone": "9876543210",
                  "email": "jane.smith@email.com", "residential": True},
    "items": [{"customProductId": "string", "itemId": "SKU12345", "description": "Wireless mouse with USB receiver",
               "hSTariffCode": "847160", "hSTariffCodeCountry": "US", "originCountryCode": "US",
               "originStateProvince": "", "quantity": 2, "unitPrice": 25,
               "unitWeight": {"unitOfMeasurement": "OZ", "weight": 12.5}}],
    "shippingPreferences": {"customCarrierCode": "string", "carrier": "UPS", "parcelId": "PKG-001", "parcelType": "PKG",
                            "service": "2DA",
                            "parcel": {"length": 2, "width": 1, "height": 1, "dimUnit": "IN", "weightUnit": "OZ",
                                       "weight": 2},
                            "specialServices": [{"inputParameters": [{"name": "INPUT_VALUE", "value": "100"}],
                                                 "specialserviceId": "Ins"}],
                            "customs": {"customsInfo": {"certificateNumber": "98788877", "comments": "string",
                                                        "currencyCode": "USD"}}},
}

MINIMAL = {"orderNumber": "MIN-1", "fromAddress": {"addressLine1": "1 From St", "countryCode": "US"},
           "toAddress": {"addressLine1": "2 To St", "countryCode": "US"}, "items": [{"itemId": "SKU1", "quantity": 1}]}


def basic(client_id: str, secret: str = "secret") -> dict:
    return {"Authorization": "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()}


async def token(client, client_id: str = "client-a", secret: str = "secret") -> dict:
    """Bearer headers for a fresh token of `client_id`."""
    resp = await client.post(TOKEN_URL, headers=basic(client_id, secret))
    assert resp.status_code == 200, resp.text
    return {"Authorization": f"Bearer {resp.json()['access_token']}"}


def order(number: str = "ORD-1", **overrides) -> dict:
    body = copy.deepcopy(SAMPLE)
    body["orderNumber"] = number
    body.update(overrides)
    return body


async def create(client, headers: dict, body: dict | None = None, **overrides) -> str:
    resp = await client.post(BASE, json=body if body is not None else order(**overrides), headers=headers)
    assert resp.status_code == 200, resp.text
    return resp.json()["orderId"]


async def get(client, headers: dict, order_id: str) -> dict:
    resp = await client.get(f"{BASE}/{order_id}", headers=headers)
    assert resp.status_code == 200, resp.text
    return resp.json()



async def bulk_status(client, headers: dict, ids: list[str], status: str, reason: str | None = None):
    body = {"orders": [{"orderId": i} for i in ids], "status": status}
    if reason is not None:
        body["reason"] = reason
    return await client.patch(f"{BASE}/bulk/status", json=body, headers=headers)


async def search(client, headers: dict, filters=None, page=None, size=None):
    body = {"filters": filters or []}
    if page is not None:
        body["page"] = page
    if size is not None:
        body["size"] = size
    resp = await client.post(f"{BASE}/search", json=body, headers=headers)
    assert resp.status_code == 200, resp.text
    return resp.json()


def ids(result: dict) -> list[str]:
    return [o["orderInfo"]["orderId"] for o in result["orders"]]
