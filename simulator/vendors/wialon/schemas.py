"""Wialon wire models (msgspec). Requests are converted from already-parsed `params` in lax mode
(`"5"` -> 5, as the server reads numbers sent as strings); stored orders are gc-free Structs
whose field order is the order object of the `order/update` documentation."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from msgspec import UNSET, Meta, UnsetType

# Wialon's integer kinds: <uint> is 32-bit unsigned (UNIX times, flags), <long> a signed 64-bit id.
UInt = Annotated[int, Meta(ge=0, le=4_294_967_295)]
Long = Annotated[int, Meta(ge=-(2**63), le=2**63 - 1)]
Lat = Annotated[float, Meta(ge=-90, le=90)]
Lon = Annotated[float, Meta(ge=-180, le=180)]
Amount = Annotated[float, Meta(ge=0, le=1e12)]
Text = str
# Route fields are documented as "<uint>" in quotes: clients send either; the server answers text.
TextOrInt = str | Long


# -- order/update ----------------------------------------------------------------------
class Route(msgspec.Struct, gc=False):
    """`p.r`, route information. Clients send numbers or text; orders.py turns them into the
    text Wialon answers with before the order is stored."""

    id: TextOrInt = ""
    i: TextOrInt = ""
    m: TextOrInt = ""
    t: TextOrInt = ""
    ndt: UInt = 0
    vt: TextOrInt = ""


class Params(msgspec.Struct, gc=False):
    """`p`, order parameters: the request's and the stored order's (answered as numbers: v, w)."""

    n: Text = ""
    p: Text = ""
    p2: Text = ""
    e: Text = ""
    a: Text = ""
    v: Amount = 0
    w: Amount = 0
    c: UInt = 0
    ut: UInt = 0
    t: Text = ""
    d: Text = ""
    uic: Text = ""
    cid: Text = ""
    cm: Text = ""
    aff: Text = ""
    z: Text = ""
    ntf: UInt = 0
    pr: UInt = 0
    tags: list[UInt] | UnsetType = UNSET
    r: Route | UnsetType = UNSET


class UpdateIn(msgspec.Struct):
    """Every call mode shares one parameter object; which fields matter depends on `callMode`.
    UNSET marks what the client did not send (an `update` keeps those fields)."""

    callMode: str
    itemId: Long
    id: Long = 0
    n: Text | UnsetType = UNSET
    p: Params | UnsetType = UNSET
    rp: Text | UnsetType = UNSET
    f: UInt | UnsetType = UNSET
    tf: UInt | UnsetType = UNSET
    tt: UInt | UnsetType = UNSET
    trt: UInt | UnsetType = UNSET
    r: UInt | UnsetType = UNSET
    y: Lat | UnsetType = UNSET
    x: Lon | UnsetType = UNSET
    u: Long | UnsetType = UNSET
    ej: dict[str, Any] | UnsetType = UNSET
    tz: Long | UnsetType = UNSET
    dp: list[TextOrInt] | UnsetType = UNSET
    force: UInt | bool = 0
    ds: UInt | UnsetType = UNSET  # completion status sent with `confirm` (e.g. %)
    if_: UInt | UnsetType = msgspec.field(default=UNSET, name="if")  # internal flags, set by the client
    oldOrderId: Long = 0
    oldOrderFiles: list[Text] = []


# -- stored / responses --------------------------------------------------------------------
class Order(msgspec.Struct, gc=False):
    """The order object: `order/update` create reply, the resource's `orders` map, history."""

    id: int
    n: str
    p: Params
    rp: str
    f: int
    tf: int
    tt: int
    trt: int
    uid: int
    r: int
    y: float
    x: float
    u: int
    s: int
    sf: int
    st: int
    tz: int = 0
    eta: int = 0
    rd: float = 0
    cnm: int = 0
    nt: int = 0
    ds: int = 0
    dp: tuple[int, ...] = ()  # a tuple: the empty one is shared, and tuples of ints are not GC-tracked
    stt: int = 0
    dtt: int = 0
    if_: int = msgspec.field(default=0, name="if")
    ej: dict[str, Any] | UnsetType = UNSET


class Stored(msgspec.Struct, gc=False):
    """The engine record's body: the wire order plus what only the simulator needs."""

    resource: int
    order: Order
    to_area: float  # seconds from assignment until the unit reaches the order area
    in_area: float  # seconds in the area until the order is completed
    status_at: float  # simulated time of the last status change (float `st`), or of a new unit's start
    history_at: float | None = None  # set by `register`: the order left the resource for history


# -- other services --------------------------------------------------------------------------
class LoginIn(msgspec.Struct):
    token: str
    operateAs: str = ""
    fl: Long = 0
    appName: str = ""


class SearchItemIn(msgspec.Struct):
    id: Long
    flags: Long = 1


class SearchSpec(msgspec.Struct, omit_defaults=True):
    itemsType: str = ""
    propName: str = "sys_name"
    propValueMask: str = "*"
    sortType: str = ""
    propType: str = ""
    or_logic: bool | int = False


class SearchItemsIn(msgspec.Struct):
    spec: SearchSpec
    force: UInt | bool = 1
    flags: Long = 1
    to: UInt = 0
    from_: UInt = msgspec.field(default=0, name="from")


class HistoryIn(msgspec.Struct):
    itemId: Long
    ivalType: Annotated[int, Meta(ge=1, le=4)] = 1
    ivalFrom: UInt = 0
    ivalTo: UInt = 4_294_967_295
    name: str = ""
    unitId: Long = 0
    orderId: Long = 0
    orderUid: Long = 0
    routeId: Long = 0


class CompleteIn(msgspec.Struct):
    itemId: Long
    orders: list[Long]


class FlagSpec(msgspec.Struct):
    type: str
    data: Any = None
    flags: Long = 0
    mode: Annotated[int, Meta(ge=0, le=2)] = 0
    max_items: UInt = 0


class DataFlagsIn(msgspec.Struct):
    spec: list[FlagSpec]


class BatchCall(msgspec.Struct):
    svc: str
    params: Any = None


class ErrorOut(msgspec.Struct):
    """errors.WialonError.body(): `{"error": N}`, with `reason` when ordersim can say more."""

    error: int
    reason: str | None = None
