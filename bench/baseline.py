"""The yardstick: a bare Starlette + msgspec app with a dict store and no middleware. Its
`/sized/{n}` routes answer a JSON body of exactly n bytes: GET encodes the stored record, POST
decodes the request body (JSON or a form), stores it and answers n bytes (so every vendor's read
and create is measured against the same work at the same body size); `/orders` are Tiramizoo-shaped.
Served by `python -m bench.baseline --port P` with the same uvicorn settings as `ordersim serve`."""

from __future__ import annotations

import argparse
from urllib.parse import parse_qsl

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


SIZED: dict[int, dict] = {}  # n -> the record whose JSON is n bytes
STORED: dict[int, object] = {}  # n -> the last body POSTed to /sized/n (one slot: memory stays flat)


def sized(n: int) -> dict:
    record = SIZED.get(n)
    if record is None:
        empty = len(_encoder.encode({"uuid": UUID, "state": "created", "filler": ""}))
        record = SIZED[n] = {"uuid": UUID, "state": "created", "filler": "x" * max(0, n - empty)}
    return record


async def show_sized(request: Request) -> Response:
    return json(sized(request.path_params["n"]))


async def create_sized(request: Request) -> Response:
    n, body = request.path_params["n"], await request.body()
    STORED[n] = msgspec.json.decode(body) if body[:1] in (b"{", b"[") else parse_qsl(body.decode())
    return json(sized(n), 201)


async def health(request: Request) -> Response:
    return json({"status": "ok"})


app = Starlette(routes=[
    Route("/orders/{uuid}", show, methods=["GET"]),
    Route("/orders", create, methods=["POST"]),
    Route("/sized/{n:int}", show_sized, methods=["GET"]),
    Route("/sized/{n:int}", create_sized, methods=["POST"]),
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
