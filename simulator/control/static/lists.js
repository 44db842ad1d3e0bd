// A paged list that follows the event stream: its first page is fetched once (newest first), then
// events patch it in place; only a change the events cannot place (an order entering the filter
// from elsewhere) costs a refetch, at most one per REFETCH_MS.
import {api, query} from "./api.js";

export const PAGE = 50;
const REFETCH_MS = 2000;

export class LiveList {
  // spec: {name, path, items (answer key), key(row), matches(row, filters), view?, stateFilter?}
  constructor(spec, onChange) {
    Object.assign(this, spec);
    this.onChange = onChange;
    this.filters = {};
    this.rows = [];
    this.total = 0;
    this.offset = 0;
    this.next_cursor = null;
    this.cursors = []; // cursors of the pages before this one
    this.cursor = null;
    this.edited = false; // events changed page 1 since it was fetched
    this.refetchTimer = null;
  }

  async load(cursor = null) {
    const params = {sort: "newest", limit: PAGE, view: this.view, ...this.filters, cursor};
    const page = await api(this.path + query(params));
    this.rows = page[this.items];
    this.total = page.total;
    this.next_cursor = page.next_cursor;
    this.cursor = cursor;
    this.edited = false;
    this.onChange(this);
    return page.last_event_id ?? 0;
  }

  async reload() {
    this.cursors = [];
    this.offset = 0;
    return this.load(null);
  }

  async older() {
    if (this.edited) await this.load(this.cursor); // live inserts moved the page's end: take it afresh
    if (!this.next_cursor) return;
    this.cursors.push(this.cursor);
    this.offset += this.rows.length;
    await this.load(this.next_cursor);
  }

  get first() { return this.offset === 0; }

  // A filter on something events change (milestone, delivery state) is set.
  get narrowed() { return Boolean(this.stateFilter && this.filters[this.stateFilter]); }

  find(key) { return this.rows.findIndex(r => this.key(r) === key); }

  // A new item: on top of page 1 when it passes the filters.
  added(row) {
    if (!this.matches(row, this.filters) || this.find(this.key(row)) >= 0) return;
    this.total += 1;
    if (!this.first) return;
    this.rows.unshift(row);
    if (this.rows.length > PAGE) { this.rows.length = PAGE; this.next_cursor = this.next_cursor || "stale"; }
    this.edited = true;
    this.onChange(this);
  }

  // A changed item: patched where it is; gone when it leaves the filters; a refetch when it enters them.
  changed(key, patch, probe) {
    const at = this.find(key);
    if (at >= 0) {
      const row = Object.assign(this.rows[at], patch);
      if (!this.matches(row, this.filters)) { this.rows.splice(at, 1); this.total -= 1; this.edited = true; }
      this.onChange(this);
    } else if (this.narrowed && this.matches(probe, this.filters)) {
      this.refetchSoon();
    }
  }

  removed(key) {
    const at = this.find(key);
    if (at < 0) return;
    this.rows.splice(at, 1);
    this.total -= 1;
    this.edited = true;
    this.onChange(this);
  }

  refetchSoon() {
    if (this.refetchTimer) return;
    this.refetchTimer = setTimeout(() => { this.refetchTimer = null; this.load(this.cursor).catch(() => {}); }, REFETCH_MS);
  }
}
