// Every request the dashboard makes goes through here: the control token (asked for once on a 401,
// kept in sessionStorage for this tab) and the control plane's error envelope {"error", "status"}.
const TOKEN_KEY = "ordersim.control-token";
let token = sessionStorage.getItem(TOKEN_KEY) || "";
let asking = null; // one prompt for all the requests that got a 401 at the same time

export class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

function askForToken(refused) {
  if (!asking) {
    asking = new Promise(resolve => {
      const dialog = document.getElementById("token");
      const form = document.getElementById("token-form");
      const problem = document.getElementById("token-problem");
      problem.hidden = !refused;
      problem.textContent = refused ? "The server refused that token." : "";
      form.token.value = "";
      form.addEventListener("submit", () => {
        token = form.token.value.trim();
        sessionStorage.setItem(TOKEN_KEY, token);
        asking = null;
        resolve();
      }, {once: true});
      dialog.showModal();
    });
  }
  return asking;
}

// fetch with the token; on a 401 ask for it and try again. Returns the Response.
export async function send(path, {method = "GET", body, headers = {}, signal} = {}) {
  for (;;) {
    const all = {...headers};
    if (body !== undefined) all["content-type"] = "application/json";
    if (token) all.authorization = `Bearer ${token}`;
    const sentWith = token;
    const resp = await fetch(path, {method, headers: all, signal, cache: "no-store",
                                    body: body === undefined ? undefined : JSON.stringify(body)});
    if (resp.status !== 401) return resp;
    await askForToken(Boolean(sentWith));
  }
}

// JSON in, JSON out; a 4xx/5xx becomes an ApiError carrying the server's own message.
export async function api(path, options) {
  let resp;
  try {
    resp = await send(path, options);
  } catch (err) {
    if (err.name === "AbortError") throw err;
    throw new ApiError(0, "the server cannot be reached");
  }
  const text = await resp.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { /* not JSON: keep the text */ }
  if (!resp.ok) throw new ApiError(resp.status, (data && data.error) || text || resp.statusText);
  return data;
}

export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : "";
}
