// Rendering: state in, HTML out. Every value from the server is escaped; every control carries a
// data-focus key so a re-render can give focus back to it (keyboard users keep their place).
export const MILESTONES = ["awaiting_payment", "dispatched", "picked_up", "delivered", "payment_failed",
  "pickup_unreachable", "delivery_unreachable", "cancelled", "rejected"];
export const DELIVERY_STATES = ["pending", "retrying", "delivered", "failed"];
const FAILED = new Set(["payment_failed", "pickup_unreachable", "delivery_unreachable", "cancelled", "rejected", "failed"]);

export const esc = s => String(s ?? "").replace(/[&<>"']/g, c => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c]));
export const simTime = s => (s === null || s === undefined) ? "" : new Date(s * 1000).toISOString().slice(0, 19).replace("T", " ");
const wallTime = s => new Date(s * 1000).toLocaleTimeString();
const badge = m => `<span class="badge ${FAILED.has(m) ? "bad" : m === "delivered" ? "good" : "busy"}">${esc(m)}</span>`;
const attrs = o => Object.entries(o).map(([k, v]) => `data-${k}="${esc(v)}"`).join(" ");
const button = (label, data, extra = "") =>
  `<button type="button" ${attrs(data)} data-focus="${esc(Object.values(data).join("|"))}" ${extra}>${label}</button>`;
const pretty = text => { try { return JSON.stringify(JSON.parse(text), null, 2); } catch { return text; } };

export function nowOf(t) {
  const c = t.clock;
  return c.mode === "manual" ? c.now : c.now + (Date.now() - t.clockAt) / 1000 * c.speed;
}

export function tenantRows(tenants, confirming) {
  return [...tenants.values()].map(t => {
    const c = t.clock, name = esc(t.name);
    const modes = ["realtime", "scaled", "manual"].map(m => `<option${m === c.mode ? " selected" : ""}>${m}</option>`).join("");
    const advance = [[60, "+1 min"], [600, "+10 min"], [3600, "+1 h"]]
      .map(([s, label]) => button(label, {action: "advance-clock", tenant: t.name, seconds: s})).join(" ");
    const reset = button(confirming === t.name ? "Confirm reset" : "Reset", {action: "reset-tenant", tenant: t.name},
      `class="danger" aria-label="Reset tenant ${name}"`);
    return `<tr><th scope="row">${name}</th>
      <td><select aria-label="clock mode of ${name}" ${attrs({action: "set-mode", tenant: t.name})} data-focus="mode|${name}">${modes}</select></td>
      <td><input type="number" min="0.1" step="any" value="${c.speed}" size="5" aria-label="clock speed of ${name}"
        ${attrs({action: "set-speed", tenant: t.name})} data-focus="speed|${name}" ${c.mode === "scaled" ? "" : "disabled"}></td>
      <td data-now="${name}">${simTime(nowOf(t))}</td><td class="num">${t.pending_jobs ?? ""}</td>
      <td class="num">${t.orders ?? ""}</td><td class="num">${t.deliveries ?? ""}</td>
      <td class="nowrap">${advance}</td><td>${reset}</td></tr>`;
  }).join("");
}

export function orderRows(rows, next) {
  return rows.map(o => {
    const to = next[o.milestone];
    const ref = {vendor: o.vendor, id: o.id, tenant: o.tenant};
    return `<tr><td>${simTime(o.created_at)}</td><td>${esc(o.vendor)}</td><td>${esc(o.tenant)}</td>
      <td>${button(`<code>${esc(o.id)}</code>`, {action: "open-order", ...ref}, `aria-label="details of order ${esc(o.id)}" class="link"`)}</td>
      <td>${esc(o.state)}</td><td>${badge(o.milestone)}</td>
      <td>${to ? button(`→ ${esc(to)}`, {action: "advance-order", ...ref, to}) : ""}</td></tr>`;
  }).join("") || `<tr><td colspan="7" class="muted">No orders match. Create one through any vendor API.</td></tr>`;
}

export function deliveryRows(rows) {
  return rows.map(d => `<tr><td>${simTime(d.created_at)}</td><td>${esc(d.tenant)}</td><td>${esc(d.vendor)}</td>
    <td>${d.order_id ? button(`<code>${esc(d.order_id)}</code>`, {action: "open-order", vendor: d.vendor, id: d.order_id, tenant: d.tenant},
      `class="link" aria-label="details of order ${esc(d.order_id)}"`) : ""}</td>
    <td>${esc(d.event)}</td><td class="url" title="${esc(d.url)}">${esc(d.url)}</td><td>${badge(d.state)}</td>
    <td class="num">${d.attempts}</td><td>${esc(d.status ?? d.error ?? "")}</td><td>${simTime(d.next_attempt_at)}</td></tr>`,
  ).join("") || `<tr><td colspan="10" class="muted">No webhook deliveries yet.</td></tr>`;
}

export function eventItem(e) {
  const d = e.data;
  if (e.name === "order") {
    return `<li><time>${simTime(d.at)}</time> <b>${esc(d.vendor)}</b> ${esc(d.tenant)} <code>${esc(d.order_id)}</code>
      ${esc(d.kind)}${d.previous_state && d.previous_state !== d.state ? ` ${esc(d.previous_state)} →` : ""} ${esc(d.state)} ${badge(d.milestone)}</li>`;
  }
  if (e.name === "delivery") {
    return `<li><time>${simTime(d.at)}</time> webhook <b>${esc(d.vendor)}</b> ${esc(d.event)} → ${esc(d.url)}:
      ${badge(d.state)} ${d.attempts ? `attempt ${d.attempts}, ${esc(d.status ?? d.error)}` : "queued"}</li>`;
  }
  if (e.name === "clock") {
    return `<li><time>${simTime(d.clock.now)}</time> clock of ${esc(d.tenant)}: ${esc(d.clock.mode)} ×${d.clock.speed}</li>`;
  }
  return `<li>reset of ${d.tenant ? esc(d.tenant) : "every tenant"}</li>`;
}

export function journalRows(rows) {
  return rows.map(r => `<tr><td>${wallTime(r.at)}</td><td>${esc(r.method)}</td>
    <td class="url" title="${esc(r.path + (r.query ? "?" + r.query : ""))}">${esc(r.path)}${r.query ? "?…" : ""}</td>
    <td>${esc(r.status)}</td><td>${esc(r.vendor ?? "")}</td><td>${esc(r.tenant ?? "")}</td><td class="num">${r.duration_ms}</td></tr>`,
  ).join("") || `<tr><td colspan="7" class="muted">No requests recorded.</td></tr>`;
}

export function faultRows(rows) {
  return rows.map(f => `<tr><td>${esc(f.id)}</td><td>${esc(f.vendor ?? "any")}</td><td>${esc(f.method ?? "any")}</td>
    <td>${esc(f.path ?? "any")}</td><td>${esc(f.status)}</td><td>${esc(f.count ?? "∞")}</td><td>${esc(f.delay_ms)}</td>
    <td>${button("Remove", {action: "remove-fault", id: f.id})}</td></tr>`,
  ).join("") || `<tr><td colspan="8" class="muted">No faults: every request is answered normally.</td></tr>`;
}

export function subscriptionRows(rows) {
  return rows.map(s => `<tr><td>${esc(s.id)}</td><td class="url">${esc(s.url)}</td><td>${esc(s.vendor ?? "any")}</td>
    <td>${esc(s.tenant ?? "any")}</td><td><code>${esc(s.secret)}</code></td>
    <td>${button("Delete", {action: "delete-subscription", id: s.id})}</td></tr>`,
  ).join("") || `<tr><td colspan="6" class="muted">No subscriptions.</td></tr>`;
}

export function sinkChips(names, selected) {
  const chips = Object.entries(names).map(([name, count]) =>
    button(`${esc(name)} <span class="muted">${count}</span>`, {action: "open-sink", name}, `aria-pressed="${name === selected}"`));
  return chips.join(" ") || `<span class="muted">No sink has received anything yet.</span>`;
}

export function sinkRequests(name, page) {
  if (!name || !page) return "";
  const items = page.requests.map(r => `<li><time>${wallTime(r.at)}</time> ${esc(r.method)}${r.query ? ` ?${esc(r.query)}` : ""}
    <details><summary>headers</summary><pre>${esc(JSON.stringify(r.headers, null, 2))}</pre></details>
    <pre>${esc(pretty(r.body))}</pre></li>`).join("");
  return `<h3>${esc(name)} <span class="muted">(${page.count} of ${page.total}, newest first)</span>
    ${button("Clear", {action: "clear-sink", name})}</h3><ol class="log">${items}</ol>`;
}

export function pager(list) {
  const from = list.rows.length ? list.offset + 1 : 0;
  const shown = `${from}–${list.offset + list.rows.length} of ${list.total}`;
  return `<span>${shown}</span>
    ${button("Newest", {action: "page", list: list.name, to: "newest"}, list.offset ? "" : "disabled")}
    ${button("Older", {action: "page", list: list.name, to: "older"}, list.next_cursor ? "" : "disabled")}`;
}

export function orderDetail(order, deliveries) {
  const ref = {vendor: order.vendor, id: order.id, tenant: order.tenant};
  const advance = order.reachable.map(m => button(`→ ${esc(m)}`, {action: "advance-order", ...ref, to: m})).join(" ")
    || `<span class="muted">nothing: the order is finished</span>`;
  const timeline = order.timeline.map(s => `<tr><td>${simTime(s.at)}</td><td>${esc(s.state)}</td><td>${badge(s.milestone)}</td>
    <td>${esc(s.cause ?? "")}</td></tr>`).join("");
  const hooks = deliveries.map(d => {
    const attempts = d.attempts.map(a => `<tr><td>${a.attempt}</td><td>${simTime(a.at)}</td>
      <td>${esc(a.status ?? a.error)}</td><td class="num">${a.duration_ms}</td><td><pre>${esc(a.response_body ?? "")}</pre></td></tr>`).join("");
    return `<article class="delivery"><h4>${esc(d.event)} → <span class="url">${esc(d.url)}</span> ${badge(d.state)}
      ${d.next_attempt_at ? `<span class="muted">next attempt ${simTime(d.next_attempt_at)}</span>` : ""}</h4>
      <table class="grid"><thead><tr><th>#</th><th>at (simulated)</th><th>status</th><th class="num">ms</th><th>response</th></tr></thead>
      <tbody>${attempts || `<tr><td colspan="5" class="muted">not attempted yet</td></tr>`}</tbody></table>
      <details><summary>request headers and body</summary><pre>${esc(JSON.stringify(d.headers, null, 2))}</pre>
      <pre>${esc(pretty(d.body))}</pre></details></article>`;
  }).join("") || `<p class="muted">No webhook deliveries for this order.</p>`;
  return `<p><b>${esc(order.vendor)}</b> · tenant ${esc(order.tenant)} · state <b>${esc(order.state)}</b> ${badge(order.milestone)}</p>
    <p class="actions">Advance to: ${advance}</p>
    <h3>Timeline</h3><table class="grid" id="timeline"><thead><tr><th>at (simulated)</th><th>state</th><th>milestone</th><th>cause</th></tr></thead>
    <tbody>${timeline}</tbody></table>
    <h3>Webhook deliveries (${deliveries.length})</h3>${hooks}
    <details><summary>Vendor representation</summary><pre>${esc(JSON.stringify(order.order, null, 2))}</pre></details>`;
}

export function options(values, selected, all = "all") {
  return `<option value="">${all}</option>` +
    values.map(v => `<option${v === selected ? " selected" : ""} value="${esc(v)}">${esc(v)}</option>`).join("");
}
