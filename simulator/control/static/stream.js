// The event stream over fetch (EventSource cannot send an Authorization header): parses
// server-sent events, reconnects with Last-Event-ID after a loss (1 s, 2 s, 4 s, then every 5 s)
// and treats 35 s of silence as a loss (the server sends a keepalive every 15 s).
import {send} from "./api.js";

const SILENCE_MS = 35000;

function parse(block) {
  const event = {name: "message", id: null, data: ""};
  for (const line of block.split("\n")) {
    if (!line || line.startsWith(":")) continue;
    const at = line.indexOf(":");
    const field = at < 0 ? line : line.slice(0, at);
    const value = at < 0 ? "" : line.slice(at + 1).replace(/^ /, "");
    if (field === "event") event.name = value;
    else if (field === "id") event.id = Number(value);
    else if (field === "data") event.data += (event.data ? "\n" : "") + value;
  }
  return event.data ? event : null;
}

// onEvents(list of {name, id, data}) for each chunk read; onState("live" | "lost", detail).
export function follow(path, {lastId, onEvents, onState}) {
  let last = lastId, failures = 0, stopped = false, controller = null;

  async function once() {
    controller = new AbortController();
    let timer = null;
    const arm = () => { clearTimeout(timer); timer = setTimeout(() => controller.abort(), SILENCE_MS); };
    arm();
    const resp = await send(path, {headers: last !== null ? {"last-event-id": String(last)} : {}, signal: controller.signal});
    if (!resp.ok) throw new Error(`the event stream answered ${resp.status}`);
    onState("live");
    failures = 0;
    const reader = resp.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    try {
      for (;;) {
        const {value, done} = await reader.read();
        if (done) throw new Error("the server closed the event stream");
        arm();
        buffer += value.replace(/\r\n?/g, "\n");
        const blocks = buffer.split("\n\n");
        buffer = blocks.pop();
        const events = blocks.map(parse).filter(Boolean);
        for (const e of events) if (e.id !== null) last = e.id;
        if (events.length) onEvents(events);
      }
    } finally {
      clearTimeout(timer);
    }
  }

  (async () => {
    while (!stopped) {
      try {
        await once();
      } catch (err) {
        if (stopped) return;
        failures += 1;
        const wait = Math.min(5000, 1000 * 2 ** (failures - 1));
        onState("lost", {reason: err.name === "AbortError" ? "no data for a while" : err.message, retryIn: wait});
        await new Promise(r => setTimeout(r, wait));
      }
    }
  })();
  return {stop() { stopped = true; if (controller) controller.abort(); }};
}
