"""The yardstick: a bare Starlette + msgspec app with one GET and one POST route shaped like
Tiramizoo's order read and create (same body in, a similar-sized JSON out), and no middleware.
Served by `python -m bench.baseline --port P` with the same uvicorn settings as `ordersim serve`."""

from __future__ import annotations

import argparse

import msgspec
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route


class Person(msgspec.Struct, omit_defaults=True):
    name: str | None = None
    phone_number: str | None = None
    email: str | None = None
    company: str | None = None


class OrderIn(msgspec.Struct):
    quote: msgspec.Raw = msgspec.Raw()
    pickup: Person | None = None
    delivery: Person | None = None
    description: str | None = None


class Order(msgspec.Struct):
    uuid: str
    state: str
    pickup: Person
    delivery: Person
    description: str | None
    quote: msgspec.Raw


_encoder = msgspec.json.Encoder()
_decoder = msgspec.json.Decoder(OrderIn)
UUID = "00000000-0000-4000-8000-000000000000"
ORDERS: dict[str, Order] = {}


def json(content, status: int = 200) -> Response:
    return Response(_encoder.encode(content), status_code=status, media_type="application/json")


async def show(request: Request) -> Response:
    order = ORDERS.get(request.path_params["uuid"])
    return json(order) if order is not None else json({"message": "not found"}, 404)


async def create(request: Request) -> Response:
    req = _decoder.decode(await request.body())
    order = Order(uuid=UUID, state="awaiting_payment", pickup=req.pickup or Person(),
                  delivery=req.delivery or Person(), description=req.description, quote=req.quote)
    ORDERS[UUID] = order  # one slot: GET reads what the last POST wrote, memory stays flat
    return json(order, 201)


async def health(request: Request) -> Response:
    return json({"status": "ok"})


app = Starlette(routes=[
    Route("/orders/{uuid}", show, methods=["GET"]),
    Route("/orders", create, methods=["POST"]),
    Route("/health", health, methods=["GET"]),
])


def main() -> None:
    import uvicorn

    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    # Exactly what simulator/cli.py passes: default loop/http (uvloop + httptools when installed).
    uvicorn.run(app, host="127.0.0.1", port=args.port, log_level="warning", access_log=False)


if __name__ == "__main__":
    main()
