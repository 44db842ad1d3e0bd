// The dashboard: a few requests to load, then the event stream. It uses only the public /_sim API,
// so it doubles as an example of it. Events are applied in batches (one render per BATCH_MS).
import {api, query} from "./api.js";
import {LiveList} from "./lists.js";
import {follow} from "./stream.js";
import * as V from "./views.js";

const BATCH_MS = 200, EVENT_LOG = 200, HISTORY = 200, SOON_MS = 3000, PAGE_SINK = 20;
const NEXT = {awaiting_payment: "dispatched", dispatched: "picked_up", picked_up: "delivered"};
const $ = id => document.getElementById(id);

const S = {
  vendors: [], tenants: new Map(), events: [], view: "orders",
  seen: 0, // newest event seq received
  applied: 0, // tables reflect every event up to this seq
  pending: [], flushTimer: null, reloading: null, wasLost: false,
  detail: null, confirming: null, sink: null, sinkPage: null,
};

const same = (a, b) => !a || a === b;
const orders = new LiveList({
  name: "orders", path: "/_sim/orders", items: "orders", view: "summary", stateFilter: "milestone",
  key: o => `${o.tenant}|${o.vendor}|${o.id}`,
  matches: (o, f) => same(f.tenant, o.tenant) && same(f.vendor, o.vendor) && same(f.milestone, o.milestone),
}, list => { $("orders").innerHTML = V.orderRows(list.rows, NEXT); pagerOf(list); });
const deliveries = new LiveList({
  name: "deliveries", path: "/_sim/webhooks", items: "deliveries", view: "summary", stateFilter: "state",
  key: d => d.id,
  matches: (d, f) => same(f.tenant, d.tenant) && same(f.vendor, d.vendor) && same(f.state, d.state),
}, list => { $("deliveries").innerHTML = V.deliveryRows(list.rows); pagerOf(list); });
const journal = new LiveList({
  name: "journal", path: "/_sim/requests", items: "requests", key: r => r.seq, matches: () => true,
}, list => { $("journal").innerHTML = V.journalRows(list.rows); pagerOf(list); });
const LISTS = {orders, deliveries, journal};

// -- rendering helpers ------------------------------------------------------------------------
function keepFocus(render) {
  const key = document.activeElement?.dataset?.focus;
  render();
  if (key) document.querySelector(`[data-focus="${CSS.escape(key)}"]`)?.focus();
}
const pagerOf = list => keepFocus(() => { document.querySelector(`[data-pager="${list.name}"]`).innerHTML = V.pager(list); });

function renderTenants() {
  keepFocus(() => { $("tenants").innerHTML = V.tenantRows(S.tenants, S.confirming); });
  $("tenants-empty").hidden = S.tenants.size > 0;
  for (const select of document.querySelectorAll('select[data-options="tenants"]')) {
    select.innerHTML = V.options([...S.tenants.keys()], select.value);
  }
}

function tick() {
  for (const t of S.tenants.values()) {
    const cell = document.querySelector(`[data-now="${CSS.escape(t.name)}"]`);
    if (cell) cell.textContent = V.simTime(V.nowOf(t));
  }
}

function alertUser(message) {
  const item = document.createElement("div");
  item.className = "alert";
  item.innerHTML = `<span>${V.esc(message)}</span> <button type="button" aria-label="Dismiss">×</button>`;
  item.querySelector("button").onclick = () => item.remove();
  $("alerts").prepend(item);
  setTimeout(() => item.remove(), 10000);
}

function setConnection(state, detail) {
  const pill = $("connection");
  pill.className = `pill ${state}`;
  pill.textContent = state === "live" ? "live"
    : `connection lost (${detail.reason}): retrying in ${Math.round(detail.retryIn / 1000)} s`;
  if (state === "lost") S.wasLost = true;
  else if (S.wasLost) {
    // Back after a loss. The server may have restarted, and a new server's event ids start over, so
    // its replay after our Last-Event-ID can look complete while every table is stale: reload them.
    S.wasLost = false;
    reloadAll().then(() => { S.seen = S.applied; }).catch(err => alertUser(err.message));
  }
}

// -- loading ----------------------------------------------------------------------------------
async function loadTenants() {
  const page = await api("/_sim/tenants" + query({limit: 200}));
  const at = Date.now();
  S.tenants = new Map(page.tenants.map(t => [t.name, {...t, clockAt: at}]));
  renderTenants();
}

// Everything the tables show, afresh; events up to the answers' last_event_id are already in them.
async function reloadAll() {
  if (S.reloading) return S.reloading;
  S.reloading = (async () => {
    try {
      const [, ...ids] = await Promise.all([loadTenants(), orders.reload(), deliveries.reload()]);
      S.applied = Math.min(...ids);
      if (S.view !== "orders" && S.view !== "deliveries") await refreshView();
    } finally {
      S.reloading = null;
      scheduleFlush();
    }
  })();
  return S.reloading;
}

// Run fn once within ms (calls meanwhile fold into it; a call that needs it sooner brings it forward).
const timers = {};
function soon(name, fn, ms = SOON_MS) {
  const due = Date.now() + ms, pending = timers[name];
  if (pending && pending.due <= due) return;
  if (pending) clearTimeout(pending.id);
  timers[name] = {due, id: setTimeout(() => { delete timers[name]; fn().catch(err => alertUser(err.message)); }, ms)};
}

// -- applying events --------------------------------------------------------------------------
function onEvents(events) {
  S.pending.push(...events);
  scheduleFlush();
}

function scheduleFlush() {
  if (!S.flushTimer && !S.reloading && S.pending.length) S.flushTimer = setTimeout(flush, BATCH_MS);
}

function flush() {
  S.flushTimer = null;
  let logged = false;
  while (S.pending.length && !S.reloading) {
    const e = S.pending.shift();
    if (e.name === "gap") { // the server cannot replay what we missed (or it restarted): reload the tables
      S.seen = JSON.parse(e.data).last_event_id;
      reloadAll().catch(err => alertUser(err.message));
      break;
    }
    if (e.id !== null && e.id <= S.seen) continue; // replayed after a reconnect: already here
    if (e.id !== null) S.seen = e.id;
    e.data = JSON.parse(e.data);
    S.events.unshift(e);
    logged = true;
    if (e.id > S.applied) apply(e);
  }
  S.events.length = Math.min(S.events.length, EVENT_LOG);
  if (logged) $("events").innerHTML = S.events.map(V.eventItem).join("");
}

function apply({name, data: d}) {
  if (name === "order") {
    const key = `${d.tenant}|${d.vendor}|${d.order_id}`;
    const row = {vendor: d.vendor, tenant: d.tenant, id: d.order_id, state: d.state, milestone: d.milestone};
    if (d.kind === "created") orders.added({...row, created_at: d.at, updated_at: d.at});
    else if (d.kind === "deleted") orders.removed(key);
    else orders.changed(key, {state: d.state, milestone: d.milestone, updated_at: d.at}, row);
    const t = S.tenants.get(d.tenant);
    if (t && d.kind === "created") t.orders = (t.orders ?? 0) + 1;
    soon("tenants", loadTenants, t ? SOON_MS : 0); // a new tenant shows at once; jobs and counts follow
    if (S.detail && S.detail.id === d.order_id && S.detail.vendor === d.vendor) soon("detail", openDetail, 300);
  } else if (name === "delivery") {
    const row = {id: d.delivery_id, tenant: d.tenant, vendor: d.vendor, order_id: d.order_id, event: d.event, url: d.url,
      state: d.state, attempts: d.attempts, status: d.status, error: d.error, next_attempt_at: d.next_attempt_at,
      channel: d.channel, created_at: d.at};
    if (d.attempts === 0) deliveries.added(row);
    else deliveries.changed(d.delivery_id, {state: d.state, attempts: d.attempts, status: d.status, error: d.error,
      next_attempt_at: d.next_attempt_at}, row);
    if (S.detail && S.detail.id === d.order_id) soon("detail", openDetail, 300);
    if (S.view === "sinks") soon("sinks", loadSinks);
  } else if (name === "clock") {
    const t = S.tenants.get(d.tenant);
    if (!t) { soon("tenants", loadTenants, 0); return; }
    Object.assign(t, {clock: d.clock, clockAt: Date.now(), pending_jobs: d.clock.pending_jobs});
    renderTenants();
  } else if (name === "reset") {
    soon("reload", reloadAll, 0);
  }
  if (S.view === "journal") soon("journal", () => journal.load(journal.cursor));
}

// -- views that load when shown ----------------------------------------------------------------
async function loadFaults() { $("faults").innerHTML = V.faultRows((await api("/_sim/faults")).faults); }
async function loadSubscriptions() { $("subscriptions").innerHTML = V.subscriptionRows((await api("/_sim/subscriptions")).subscriptions); }
async function loadSinks() {
  const names = (await api("/_sim/sinks")).sinks;
  S.sinkPage = S.sink ? await api(`/_sim/sink/${encodeURIComponent(S.sink)}` + query({sort: "newest", limit: PAGE_SINK})) : null;
  keepFocus(() => {
    $("sinks").innerHTML = V.sinkChips(names, S.sink);
    $("sink-requests").innerHTML = V.sinkRequests(S.sink, S.sinkPage);
  });
}
const VIEW_LOADERS = {faults: loadFaults, subscriptions: loadSubscriptions, sinks: loadSinks, journal: () => journal.reload()};
const refreshView = () => (VIEW_LOADERS[S.view] || (async () => {}))();

function show(view) {
  S.view = view;
  for (const tab of document.querySelectorAll('[role="tab"]')) {
    const on = tab.dataset.view === view;
    tab.setAttribute("aria-selected", String(on));
    tab.tabIndex = on ? 0 : -1;
    $(`view-${tab.dataset.view}`).hidden = !on;
  }
  refreshView().catch(err => alertUser(err.message));
}

async function openDetail(ref = S.detail) {
  S.detail = ref;
  const q = query({tenant: ref.tenant});
  const [order, hooks] = await Promise.all([
    api(`/_sim/orders/${ref.vendor}/${encodeURIComponent(ref.id)}${q}`),
    api("/_sim/webhooks" + query({order: ref.id, tenant: ref.tenant, vendor: ref.vendor, limit: 100}))]);
  $("detail-title").textContent = `${order.vendor} order ${order.id}`;
  keepFocus(() => { $("detail-body").innerHTML = V.orderDetail(order, hooks.deliveries); });
  if (!$("detail").open) $("detail").showModal();
}

// -- actions ----------------------------------------------------------------------------------
const ACTIONS = {
  "advance-clock": b => api("/_sim/clock/advance", {method: "POST", body: {tenant: b.tenant, seconds: Number(b.seconds)}}),
  "reset-tenant": async b => {
    if (S.confirming !== b.tenant) { // a second press within 4 s confirms
      S.confirming = b.tenant;
      renderTenants();
      setTimeout(() => { if (S.confirming === b.tenant) { S.confirming = null; renderTenants(); } }, 4000);
      return;
    }
    S.confirming = null;
    await api("/_sim/reset", {method: "POST", body: {tenant: b.tenant}});
  },
  "advance-order": b => api(`/_sim/orders/${b.vendor}/${encodeURIComponent(b.id)}/advance`,
    {method: "POST", body: {to: b.to, tenant: b.tenant}}),
  "open-order": b => openDetail({vendor: b.vendor, id: b.id, tenant: b.tenant}),
  "page": b => (b.to === "older" ? LISTS[b.list].older() : LISTS[b.list].reload()),
  "refresh-journal": () => journal.reload(),
  "remove-fault": async b => { await api("/_sim/faults" + query({id: b.id}), {method: "DELETE"}); await loadFaults(); },
  "clear-faults": async () => { await api("/_sim/faults", {method: "DELETE"}); await loadFaults(); },
  "delete-subscription": async b => { await api(`/_sim/subscriptions/${encodeURIComponent(b.id)}`, {method: "DELETE"}); await loadSubscriptions(); },
  "open-sink": async b => { S.sink = b.name; await loadSinks(); },
  "clear-sink": async b => { await api(`/_sim/sink/${encodeURIComponent(b.name)}`, {method: "DELETE"}); S.sink = null; await loadSinks(); },
  "add-fault": async f => { await api("/_sim/faults", {method: "POST", body: f}); await loadFaults(); },
  "add-subscription": async f => { await api("/_sim/subscriptions", {method: "POST", body: f}); await loadSubscriptions(); },
  "set-mode": b => api("/_sim/clock", {method: "PUT", body: {tenant: b.tenant, mode: b.value}}),
  "set-speed": b => api("/_sim/clock", {method: "PUT", body: {tenant: b.tenant, speed: Number(b.value)}}),
};

async function run(name, data, label) {
  try {
    await ACTIONS[name](data);
  } catch (err) {
    alertUser(`${label} failed: ${err.status ? err.status + " " : ""}${err.message}`);
  }
}

function wire() {
  document.addEventListener("click", e => {
    const b = e.target.closest("button[data-action]");
    if (b && !b.disabled && b.tagName === "BUTTON") run(b.dataset.action, {...b.dataset}, b.textContent.trim());
    const tab = e.target.closest('[role="tab"]');
    if (tab) show(tab.dataset.view);
  });
  document.addEventListener("change", e => {
    const el = e.target;
    if (el.dataset.action) run(el.dataset.action, {...el.dataset, value: el.value}, `Setting ${el.getAttribute("aria-label")}`);
    const form = el.closest("form[data-filters]");
    if (form) {
      const list = LISTS[form.dataset.filters];
      list.filters = Object.fromEntries([...new FormData(form)].filter(([, v]) => v !== ""));
      list.reload().catch(err => alertUser(err.message));
    }
  });
  document.querySelector('[role="tablist"]').addEventListener("keydown", e => {
    const tabs = [...document.querySelectorAll('[role="tab"]')];
    const at = tabs.indexOf(document.activeElement);
    const step = {ArrowRight: 1, ArrowLeft: -1}[e.key];
    if (at < 0 || !step) return;
    const next = tabs[(at + step + tabs.length) % tabs.length];
    next.focus();
    show(next.dataset.view);
  });
  $("detail").addEventListener("close", () => { S.detail = null; });
  $("fault-form").addEventListener("submit", e => {
    e.preventDefault();
    const f = Object.fromEntries([...new FormData(e.target)].filter(([, v]) => v !== ""));
    for (const k of ["status", "count", "delay_ms"]) if (k in f) f[k] = Number(f[k]);
    run("add-fault", f, "Adding the fault");
  });
  $("subscription-form").addEventListener("submit", e => {
    e.preventDefault();
    const f = Object.fromEntries([...new FormData(e.target)].filter(([, v]) => v !== ""));
    run("add-subscription", f, "Subscribing");
  });
}

async function boot() {
  wire();
  show("orders");
  $("sink-url").textContent = `${location.origin}/_sim/sink/NAME`;
  const health = await api("/_sim/health");
  S.vendors = health.vendors;
  $("about").textContent = `v${health.version} · ${health.vendors.join(", ")}`;
  for (const select of document.querySelectorAll("select[data-options]")) {
    const values = {vendors: S.vendors, milestones: V.MILESTONES, delivery_states: V.DELIVERY_STATES, tenants: []}[select.dataset.options];
    select.innerHTML = V.options(values, "");
  }
  await reloadAll();
  // Recent history for the event log, then live: the tables already hold everything up to S.applied.
  follow("/_sim/events" + query({types: "order,delivery,clock,reset"}), {
    lastId: Math.max(0, S.applied - HISTORY), onEvents, onState: setConnection,
  });
  setInterval(tick, 1000);
}

boot().catch(err => alertUser(`Loading failed: ${err.message}`));
