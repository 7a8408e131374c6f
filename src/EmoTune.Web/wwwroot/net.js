// EmoTune's API from the page: every call goes through api(), which adds the same-origin cookies and the header the
// server asks of requests that change data. A call that can't reach EmoTune at all throws Unreachable (never the
// browser's bare "Failed to fetch"), marks the connection lost, and a probe with back-off (1 s, doubling to 15 s)
// watches for EmoTune's return; listeners hear both changes, so the page can say so, resend and reload.
const listeners = new Set();
const firstDelay = 1000, maxDelay = 15000;
let online = true, probeTimer = 0, probeDelay = firstDelay, retryAt = 0;

/** Thrown by api() when the request never got an answer (server down, network gone). */
export class Unreachable extends Error {
  constructor() { super('EmoTune can\'t be reached'); this.name = 'Unreachable'; }
}

export async function api(url, options = {}) {
  const headers = Object.assign({ 'X-EmoTune': '1' }, options.headers || {});
  let res;
  try {
    res = await fetch(url, Object.assign({}, options, { headers, credentials: 'same-origin' }));
  } catch {
    lost();
    throw new Unreachable();
  }
  found();
  return res;
}

/** The detail of a ProblemDetails answer, else its status text. */
export async function problem(res) {
  try { const p = await res.json(); return p.detail || p.title || res.statusText; } catch { return res.statusText || String(res.status); }
}

export function isOnline() { return online; }

/** When the next probe goes out (performance.now() time), while the connection is lost. */
export function nextRetry() { return retryAt; }

/** fn(online) on every change of the connection state. */
export function onConnection(fn) { listeners.add(fn); }

/** Something (a fetch, the frame stream) found EmoTune unreachable: say so and probe until it answers. */
export function lost() {
  if (!online) return;
  online = false; probeDelay = firstDelay;
  schedule();
  emit();
}

/** EmoTune answered (anything, even an error status): the connection is back. */
export function found() {
  if (online) return;
  online = true; clearTimeout(probeTimer); probeTimer = 0;
  emit();
}

/** Probe now rather than at the scheduled time (the person pressed "Try now"). */
export function probeNow() {
  if (online) return;
  clearTimeout(probeTimer);
  probe();
}

function schedule() {
  clearTimeout(probeTimer);
  retryAt = performance.now() + probeDelay;
  probeTimer = setTimeout(probe, probeDelay);
  emit();
}

async function probe() {
  probeTimer = 0;
  try {
    const res = await fetch('/api/v1/account', { credentials: 'same-origin', cache: 'no-store' });
    if (res.status < 500) { found(); return; }
  } catch { /* still unreachable: try again later */ }
  probeDelay = Math.min(probeDelay * 2, maxDelay);
  schedule();
}

function emit() { for (const fn of listeners) fn(online); }

/** Shows text in a status element, with a "Try again" button that runs retry (when given). */
export function report(el, text, retry) {
  el.replaceChildren(text);
  if (!retry) return;
  const b = document.createElement('button');
  b.type = 'button'; b.className = 'retry'; b.textContent = 'Try again';
  b.addEventListener('click', () => { el.textContent = ''; retry(); });
  el.append(' ', b);
}
