"""Snapshots: everything the engine knows about some tenants as one versioned JSON document, and
back. The document is plain data (docs/snapshots.md); vendor bodies and vendor state decode into
the types each vendor declares (`body_type`, `state_type`), so the engine imports no vendor.

Restoring is all or nothing: the whole document is decoded and every tenant built before anything
is replaced, so a bad document changes nothing.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

import msgspec

from simulator.engine.clock import Clock, ClockSnapshot
from simulator.engine.scheduler import PendingJob, RetryDelivery
from simulator.engine.store import OrderRecord, StoreSnapshot
from simulator.engine.tenants import Tenant
from simulator.engine.webhooks import Delivery
from simulator.fixtures.schema import TenantFixture, VendorConfigs

if TYPE_CHECKING:
    from simulator.engine.core import Engine

FORMAT = "ordersim-snapshot"
VERSION = 1

class ConfigSnapshot(msgspec.Struct):
    """A tenant's vendor config: `{"vendors": {"<vendor>": {...}}}`, each vendor's part decoded into
    its config Struct (the shape documents have always had)."""

    vendors: VendorConfigs = msgspec.field(default_factory=VendorConfigs)


class TenantSnapshot(msgspec.Struct):
    name: str
    clock: ClockSnapshot
    ids: list[Any]  # the tenant's id generator state
    config: ConfigSnapshot  # its vendor config as changed at run time
    definition: TenantFixture | None  # the fixtures section that defines it, if one does
    credentials: list[str]  # every credential seen that maps to it
    orders: Any  # vendor -> its OrderRecords, oldest first
    store: StoreSnapshot  # aliases, indexes, creation counter
    jobs: list[PendingJob]  # pending scheduled jobs in run order
    deliveries: list[Delivery]  # the webhook outbox and delivery log, oldest first
    vendor_state: Any  # vendor -> its state Struct
    # Open mode: (vendor, id, secret) of the first secret each id was used with, the one it accepts.
    secrets: list[tuple[str, str, str]] = []


class Header(msgspec.Struct):
    format: str | None = None
    version: Any = None


class Snapshot(msgspec.Struct):
    format: str
    version: int
    scope: str  # "all": the whole simulator; "tenants": only the tenants listed
    taken_at: float  # wall-clock seconds
    event_seq: int
    delivery_seq: int
    tenants: list[TenantSnapshot]
    control: Any  # the control plane's own state (subscriptions, sinks); null unless scope is "all"


class SnapshotError(Exception):
    """A document that cannot be restored; the message says why and where."""


# -- taking ---------------------------------------------------------------------------------------
def take(engine: Engine, tenants: list[Tenant], scope: str, control: Any = None) -> Snapshot:
    return Snapshot(format=FORMAT, version=VERSION, scope=scope, taken_at=time.time(),
                    event_seq=engine.bus.last_seq, delivery_seq=engine.outbox.seq,
                    tenants=[_tenant(engine, t) for t in tenants], control=control)


def _tenant(engine: Engine, tenant: Tenant) -> TenantSnapshot:
    orders: dict[str, list[OrderRecord]] = {}
    for record in tenant.orders.all():  # per vendor in creation order
        orders.setdefault(record.vendor, []).append(record)
    return TenantSnapshot(
        name=tenant.name, clock=tenant.clock.export(), ids=tenant.ids.export(), config=ConfigSnapshot(tenant.config),
        definition=engine.tenants.definition(tenant.name), credentials=engine.tenants.seen_credentials(tenant.name),
        orders=orders, store=tenant.orders.export(), jobs=tenant.scheduler.export(),
        deliveries=tenant.deliveries, vendor_state=dict(tenant.vendor_state),
        secrets=[(vendor, key, secret) for (vendor, key), secret in tenant.secrets.items()])


def encode(snapshot: Snapshot) -> bytes:
    return msgspec.json.encode(snapshot)


# -- restoring ------------------------------------------------------------------------------------
class Restored(msgspec.Struct):
    """A decoded document with every tenant built, ready to apply."""

    scope: str
    event_seq: int
    delivery_seq: int
    tenants: list[tuple[Tenant, TenantFixture | None, list[str]]]  # tenant, definition, credentials
    control: msgspec.Raw | None  # None when the document has none


def decode(engine: Engine, raw: bytes) -> Restored:
    """Decode and check a document and build its tenants; raises SnapshotError, changes nothing."""
    try:
        return _decode(engine, raw)
    except RecursionError:  # msgspec's answer to JSON nested deeper than the interpreter allows
        raise SnapshotError("not a snapshot document: JSON is nested too deeply") from None


def _decode(engine: Engine, raw: bytes) -> Restored:
    try:
        header = msgspec.json.decode(raw, type=Header)
    except (msgspec.DecodeError, msgspec.ValidationError) as exc:
        raise SnapshotError(f"not a snapshot document: {exc}") from None
    if header.format != FORMAT:
        raise SnapshotError(f"not an ordersim snapshot: format is {header.format!r}, expected {FORMAT!r}")
    if header.version != VERSION:
        raise SnapshotError(f"unsupported snapshot version {header.version!r}; this ordersim reads version {VERSION}")
    try:
        doc = _document_decoder(engine).decode(raw)
    except msgspec.ValidationError as exc:
        raise SnapshotError(f"invalid snapshot: {exc}") from None
    if doc.scope not in ("all", "tenants"):
        raise SnapshotError(f"invalid snapshot: scope must be 'all' or 'tenants', got {doc.scope!r}")
    built = [_build(engine, snap, f"$.tenants[{i}]") for i, snap in enumerate(doc.tenants)]
    control = doc.control if bytes(doc.control).strip() != b"null" else None
    return Restored(doc.scope, doc.event_seq, doc.delivery_seq, built, control)


_decoders: dict[tuple, msgspec.json.Decoder] = {}  # a pure cache: one per set of vendor types


def _list_of(item: type) -> Any:
    return list.__class_getitem__(item)  # list[item] for a type built at run time


def _document_decoder(engine: Engine) -> msgspec.json.Decoder:
    """The whole document in one pass, typed by what each vendor declares: its records (OrderRecord
    with the vendor's body type) and its state Struct. A vendor this server does not have is an
    unknown field, refused with its path."""
    key = tuple((name, hooks.body_type, hooks.state_type) for name, hooks in engine.vendors.items())
    decoder = _decoders.get(key)
    if decoder is None:
        records = {name: msgspec.defstruct(f"{name}Record", [("body", body)], bases=(OrderRecord,), gc=False)
                   for name, body, _ in key}
        orders = msgspec.defstruct("Orders", [(name, _list_of(record), []) for name, record in records.items()],
                                   forbid_unknown_fields=True)
        states = msgspec.defstruct("VendorStates", [(name, state | None, None) for name, _, state in key if state],
                                   forbid_unknown_fields=True)
        tenant = msgspec.defstruct("TenantSnapshotIn", [("orders", orders), ("vendor_state", states)],
                                   bases=(TenantSnapshot,))
        document = msgspec.defstruct("SnapshotIn", [("tenants", _list_of(tenant)), ("control", msgspec.Raw)],
                                     bases=(Snapshot,))
        decoder = _decoders[key] = msgspec.json.Decoder(document)
    return decoder


def _build(engine: Engine, snap: TenantSnapshot, where: str) -> tuple[Tenant, TenantFixture | None, list[str]]:
    tenant = Tenant(snap.name, Clock(snap.clock.mode, snap.clock.speed, start=snap.clock.now),
                    engine.tenants.seed, snap.config.vendors)
    try:
        tenant.ids.load(snap.ids)
    except (TypeError, ValueError) as exc:
        raise SnapshotError(f"invalid snapshot: {where}.ids: {exc}") from None
    records: list[OrderRecord] = []
    for vendor in engine.vendors:
        records += getattr(snap.orders, vendor)
    records.sort(key=lambda r: r.seq)
    tenant.orders.load(records, snap.store)
    for vendor in snap.vendor_state.__struct_fields__:
        state = getattr(snap.vendor_state, vendor)
        if state is not None:
            tenant.vendor_state[vendor] = state
    for i, delivery in enumerate(snap.deliveries):
        if delivery.policy not in engine.outbox.policies:
            raise SnapshotError(f"invalid snapshot: {where}.deliveries[{i}].policy: unknown {delivery.policy!r}")
    tenant.deliveries = snap.deliveries
    tenant.secrets = {(vendor, key): secret for vendor, key, secret in snap.secrets}
    tenant.scheduler.load(snap.jobs)
    # A retry whose job was running when the snapshot was taken (shutdown) is scheduled again.
    waiting = {job.payload.delivery_id for job in snap.jobs if isinstance(job.payload, RetryDelivery)}
    for delivery in snap.deliveries:
        if delivery.state == "retrying" and delivery.id not in waiting:
            tenant.scheduler.at(delivery.next_attempt_at or tenant.clock.now(), RetryDelivery(delivery.id))
    return tenant, snap.definition, snap.credentials


def apply(engine: Engine, restored: Restored) -> list[str]:
    """Replace the tenants the document holds (scope "all": every tenant); returns their names."""
    if restored.scope == "all":
        engine.reset()
    for tenant, definition, credentials in restored.tenants:
        engine.reset(tenant.name)
        engine.tenants.replace(tenant, definition, credentials)
    engine.bus.carry_on(restored.event_seq)
    engine.outbox.seq = max(engine.outbox.seq, restored.delivery_seq)
    for tenant, _, _ in restored.tenants:
        engine.outbox.adopt(tenant)
        for hooks in engine.vendors.values():
            hooks.restored(engine, tenant)
    return [tenant.name for tenant, _, _ in restored.tenants]
