"""The engine's event bus: seq order, the bounded replay ring, and the per-order history bound."""

from simulator.engine import Engine, Machine, Outbox, Tenants
from simulator.engine.events import DeliveryEvent, EventBus, OrderEvent, TenantEvent
from simulator.engine.store import HISTORY_LIMIT


def order_event(order_id="o1") -> OrderEvent:
    return OrderEvent(seq=0, tenant="t", vendor="v", order_id=order_id, kind="created", state="new",
                      milestone="awaiting_payment", at=0.0)


def test_replay_returns_what_followed_and_says_when_the_ring_let_some_go():
    bus = EventBus(replay_limit=3)
    for i in range(5):
        bus.publish(order_event(f"o{i}"))
    assert bus.last_seq == 5
    events, complete = bus.replay(2)
    assert [e.seq for e in events] == [3, 4, 5] and complete
    events, complete = bus.replay(1)  # seq 2 is gone from the ring
    assert [e.seq for e in events] == [3, 4, 5] and not complete
    assert bus.replay(5) == ([], True)
    assert bus.replay(9) == ([], False)  # an id from before a restart
    assert [e.seq for e in bus.recent(2)] == [4, 5]


def test_notices_raised_while_an_event_is_built_follow_it():
    bus = EventBus()
    seen = []
    bus.watch(lambda e: seen.append((type(e).__name__, e.seq)))
    with bus.holding():
        bus.notify(TenantEvent(seq=0, kind="clock", tenant="t"))  # e.g. the webhook the vendor queued
        bus.publish(order_event())
    assert seen == [("OrderEvent", 1), ("TenantEvent", 2)]
    assert [e.seq for e in bus.recent(10)] == [1, 2]


def test_order_listeners_see_only_order_events():
    bus = EventBus()
    orders = []
    bus.subscribe(orders.append)
    bus.notify(DeliveryEvent(seq=0, tenant="t", vendor="v", order_id=None, delivery_id="d", event="e", url="u",
                             state="pending", attempts=0, status=None, error=None, next_attempt_at=None,
                             channel="vendor", at=0.0))
    bus.publish(order_event())
    assert [type(e) for e in orders] == [OrderEvent]


class PingPong:
    """A vendor whose orders can move back and forth for ever."""

    name = "pingpong"
    webhook_policy = None
    state_type = None
    machine = Machine(vendor="pingpong", initial="ping", states={"ping": "dispatched", "pong": "picked_up"},
                      transitions={"ping": ("pong",), "pong": ("ping",)})

    def on_transition(self, *args): ...
    def on_event(self, *args): ...
    def auto_next(self, tenant, record): return None


def test_an_orders_history_is_bounded_and_says_how_much_it_let_go():
    engine = Engine(Tenants(clock_mode="manual", speed=1, seed=1), Outbox(), {"pingpong": PingPong()})
    tenant = engine.tenants.get_or_create("t")
    record = engine.create_order(tenant, "pingpong", "o1", body=None)
    for i in range(HISTORY_LIMIT + 7):
        engine.transition(tenant, record, "pong" if i % 2 == 0 else "ping", {"cause": "api"})
    assert len(record.history) == HISTORY_LIMIT and record.history_dropped == 7
    timeline = engine.timeline(record)
    assert len(timeline) == HISTORY_LIMIT and timeline[-1]["state"] == record.state  # no made-up creation entry
    assert {s["cause"] for s in timeline} == {"api"}
