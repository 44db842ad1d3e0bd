"""Tiramizoo web hooks: every state change POSTs exactly the GET /orders/:uuid representation to
`web_hook_url`; non-2xx is retried `retry_count ** 4 + 15` seconds later, 25 times."""

from simulator.engine import Engine, OrderEvent, OrderRecord, RetryPolicy, Tenant
from simulator.http.responses import encode

POLICY = RetryPolicy("tiramizoo", max_retries=25, delay=lambda n: (n - 1) ** 4 + 15)  # 15, 16, 31, 96, 271, ...
HEADERS = {"content-type": "application/json", "user-agent": "tiramizoo-webhooks (ordersim)"}


def on_event(engine: Engine, tenant: Tenant, event: OrderEvent, record: OrderRecord | None) -> None:
    if event.kind != "transition" or record is None or not record.body.web_hook_url:
        return
    engine.outbox.enqueue(tenant, vendor="tiramizoo", order_id=record.id, event=record.state,
                          url=record.body.web_hook_url, body=encode(record.body), headers=dict(HEADERS),
                          policy=POLICY)
