"""Request builders shared by the Tiramizoo tests."""

QUOTE_REQUEST = {
    "pickup": {"address_line_1": "Im Dol 1", "city": "Berlin", "postal_code": "14195", "country_code": "de"},
    "delivery": {"address_line_1": "Thujaweg 1", "address_line_2": "Ground floor", "city": "Berlin",
                 "postal_code": "12437", "country_code": "de"},
    "items": [{"width": 2, "height": 8.2, "length": 5, "weight": 2},
              {"width": 20.5, "height": 82, "length": 50, "weight": 7.9, "quantity": 42}],
}


async def quote(client, token=None) -> dict:
    url = "/tiramizoo/v1/quotes" + (f"?api_token={token}" if token else "")
    resp = await client.post(url, json=QUOTE_REQUEST)
    assert resp.status_code == 200, resp.text
    return resp.json()[0]


async def create(client, token="tok", **extra):
    body = {"quote": await quote(client, token), "pickup": {"name": "Alice Icealay", "phone_number": "+491234567890"},
            "delivery": {"name": "Bob Obbay", "email": "bob@obbay.de"}, "description": "rubber chickens",
            **extra}
    return await client.post(f"/tiramizoo/v1/orders?api_token={token}", json=body)

