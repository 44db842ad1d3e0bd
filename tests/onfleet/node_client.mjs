// Drives @onfleet/node-onfleet (path to its index.js in argv[2]) against ordersim at argv[3]; prints JSON.
const { default: Onfleet } = await import(process.argv[2]);
const base = process.argv[3];
const onfleet = new Onfleet('node-acme', 70000, null, base, '/onfleet/api', '/v2');
const out = { baseUrl: onfleet.api.baseUrl, verified: await onfleet.verifyKey() };
const body = { pickupTask: { destination: { address: { unparsed: '150 Otis St, San Francisco, CA 94103, USA' } } },
  dropoffTask: { destination: { address: { unparsed: '1 Warriors Way, San Francisco, CA 94158, USA' } } } };
let r = await fetch(`${onfleet.api.baseUrl}/taskOrders`, { method: 'POST', headers: onfleet.api.headers, body: JSON.stringify(body) });
const order = await r.json();
out.created = r.status;
r = await fetch(`${onfleet.api.baseUrl}/taskOrders/${order.shortId}`, { headers: onfleet.api.headers });
out.readBack = r.status === 200 && (await r.json()).id === order.id;
out.task = (await onfleet.tasks.get(order.pickupTask.id)).orderShortId === order.shortId;
out.webhooks = await onfleet.webhooks.get();
console.log(JSON.stringify(out));
