"""`ordersim serve`: start the simulator (flags also read from ORDERSIM_* env vars)."""

from __future__ import annotations

import argparse
import sys

from simulator.settings import from_sources


def register(sub) -> None:
    serve = sub.add_parser("serve", help="start the simulator (flags also read from ORDERSIM_* env vars)")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    serve.add_argument("--seed", type=int, help="fix ids, generated values and random outcomes")
    serve.add_argument("--clock", choices=["realtime", "scaled", "manual"])
    serve.add_argument("--speed", type=float, help="simulated seconds per wall second (scaled clock)")
    serve.add_argument("--fixtures", help="a fixtures JSON file or a directory of them")
    serve.add_argument("--body-limit", dest="body_limit", type=int, help="max request body in bytes (413 above)")
    serve.add_argument("--log-level", dest="log_level")
    serve.add_argument("--no-rate-limit", dest="rate_limit", action="store_const", const=False)
    serve.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    values = {k: v for k, v in vars(args).items() if k not in ("command", "run")}
    return serve_forever(values)


def serve_forever(cli_values: dict) -> int:
    import msgspec
    import uvicorn

    from simulator.app import create_app
    from simulator.fixtures import load_fixtures

    try:
        settings = from_sources(cli_values)
        fixtures = load_fixtures(settings.fixtures)
    except (msgspec.ValidationError, msgspec.DecodeError, OSError, ValueError) as exc:
        print(f"ordersim: bad settings or fixtures: {exc}", file=sys.stderr)
        return 2
    app = create_app(settings, fixtures=fixtures)
    base = f"http://{settings.host}:{settings.port}"
    print(f"ordersim serving on {base} (clock {settings.clock}"
          f"{f' x{settings.speed:g}' if settings.clock == 'scaled' else ''}, seed {settings.seed}); "
          f"vendors under {base}/<vendor>, dashboard at {base}/_sim/", flush=True)
    uvicorn.run(app, host=settings.host, port=settings.port, log_level=settings.log_level, access_log=False)
    return 0
