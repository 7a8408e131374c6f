// Recommendations: the list for the stable mood (from the camera or picked by hand), each track's rating with undo,
// only a skipped or disliked track replaced, and the ratings queued until EmoTune takes them.
import { api, problem, Unreachable, onConnection, report } from './net.js';
import { announce } from './announce.js';
import { listenLinks } from './listen.js';

const $ = (id) => document.getElementById(id);
/** How long a rating can be undone before it is sent. */
export const undoMs = 5000;
const done = { like: 'Liked', skip: 'Skipped', dislike: 'Disliked' };

let mood = null, step = 0, refresh = 0, request = 0, failed = false;
let shown = [];              // the tracks in the list, in order
const pending = new Map();   // track id -> { kind, track, body, timer }: rated, still undoable
const queue = [];            // ratings waiting to be sent, oldest first
let flushing = false;

export function strategy() { return document.querySelector('input[name=strategy]:checked').value; }
export function source() { return document.querySelector('input[name=source]:checked').value; }
export function currentMood() { return mood; }

/** A new stable mood: a fresh list (and the lift plan starts again). */
export function setMood(m) {
  mood = m; step = 0;
  if ($('mood-pick').value !== m) $('mood-pick').value = m;
  return load();
}

/** Empties the list, with a sentence in its place. */
export function clear(text) {
  request++; shown = []; failed = false;
  $('tracks').replaceChildren();
  $('tracks-status').textContent = text;
  showPlan();
}

function query(limit) {
  return new URLSearchParams({ emotion: mood, strategy: strategy(), limit: String(limit), step: String(step), source: source(), refresh: String(refresh) });
}

// Each call supersedes the ones before it: a slower, older answer (say, for the source the user just left) is dropped.
export async function load() {
  if (!mood) return;
  const r = ++request;
  showPlan();
  let res;
  try {
    res = await api('/api/v1/recommendations?' + query(8));
  } catch (e) {
    if (!(e instanceof Unreachable)) throw e;
    if (r === request) { failed = true; report($('tracks-status'), 'Recommendations could not be loaded: EmoTune can\'t be reached. They will load when it is back.', load); }
    return;
  }
  if (r !== request) return;
  if (!res.ok) { failed = true; report($('tracks-status'), 'Recommendations are unavailable (' + await problem(res) + ').', load); return; }
  const tracks = await res.json();
  if (r !== request) return;
  failed = false;
  $('tracks-status').textContent = tracks.length > 0 ? ''
    : source() === 'library' ? 'No music files indexed yet: run "emotune library scan FOLDER", then choose again.'
    : 'No tracks to recommend.';
  // Ratings still in their undo window when the list changes are kept: sent now rather than lost with their rows.
  for (const p of pending.values()) { clearTimeout(p.timer); queue.push({ track: p.track, body: p.body }); }
  pending.clear();
  if (queue.length > 0) flush();
  shown = tracks;
  $('tracks').replaceChildren(...tracks.map(row));
  changed();
}

function changed() {
  document.dispatchEvent(new CustomEvent('emotune:tracks', { detail: { emotion: mood, strategy: strategy(), tracks: shown } }));
}

// The lift plan, as the reasons count it: track 1 of 5 at the mood itself, then one step toward a brighter mood with
// each track played, liked, skipped or disliked (the server plans the list from there: its first track is the next).
function showPlan() {
  const plan = $('plan');
  plan.hidden = !(mood && strategy() === 'lift');
  if (!plan.hidden) plan.textContent = 'Plan: from ' + mood + ' toward a brighter mood over 5 tracks, one track further with each you play, like, skip or dislike; now at track ' + (Math.min(step, 4) + 1) + ' of 5.';
}

function advance() {
  step++;
  showPlan();
}

function row(t) {
  const li = $('track-template').content.firstElementChild.cloneNode(true);
  li.dataset.trackId = t.id;
  li.querySelector('.title').textContent = t.title;
  li.querySelector('.artist').textContent = '— ' + t.artist;
  li.querySelector('.meta').textContent = '(' + (t.year > 0 ? t.year + ', ' : '') + t.genre + ')';
  li.querySelector('.reason').textContent = t.reason;
  const text = li.querySelector('.track-text');
  if (t.audio) {
    // Local-library tracks play here; the browser's own controls are keyboard accessible.
    const audio = document.createElement('audio');
    audio.controls = true; audio.preload = 'none'; audio.src = t.audio;
    audio.setAttribute('aria-label', 'Play ' + t.title + ' by ' + t.artist);
    audio.addEventListener('play', () => { if (!audio.dataset.played) { audio.dataset.played = '1'; advance(); } });
    text.append(audio);
  }
  text.append(listenLinks(t));
  for (const b of li.querySelectorAll('.track-actions button[data-kind]')) {
    b.setAttribute('aria-label', b.textContent + ' ' + t.title + ' by ' + t.artist);
    b.setAttribute('aria-pressed', 'false');
    b.addEventListener('click', () => rate(t, b.dataset.kind, li));
  }
  return li;
}

function rate(t, kind, li) {
  if (pending.has(t.id)) return;
  if (li.dataset.rated) { announce(done[li.dataset.rated] + ' already: ' + t.title + '.'); return; }
  const b = li.querySelector('button[data-kind=' + kind + ']');
  b.setAttribute('aria-pressed', 'true'); b.textContent = done[kind];
  li.classList.add('rated');
  const undo = document.createElement('button');
  undo.type = 'button'; undo.className = 'undo'; undo.textContent = 'Undo';
  undo.setAttribute('aria-label', 'Undo ' + done[kind].toLowerCase() + ' ' + t.title);
  undo.addEventListener('click', () => cancel(t, kind, li));
  li.querySelector('.track-actions').append(undo);
  const body = { trackId: t.id, emotion: mood, strategy: strategy(), kind };
  pending.set(t.id, { kind, track: t, body, timer: setTimeout(() => commit(t, body, li), undoMs) });
  announce(done[kind] + ' ' + t.title + ' by ' + t.artist + '. Undo within ' + undoMs / 1000 + ' seconds.');
}

function cancel(t, kind, li) {
  const p = pending.get(t.id);
  if (!p) return;
  clearTimeout(p.timer); pending.delete(t.id);
  const b = li.querySelector('button[data-kind=' + kind + ']');
  b.setAttribute('aria-pressed', 'false'); b.textContent = kind[0].toUpperCase() + kind.slice(1);
  li.classList.remove('rated');
  const undo = li.querySelector('.undo');
  if (undo === document.activeElement) b.focus();
  undo.remove();
  announce(done[kind] + ' undone: ' + t.title + '.');
}

function commit(t, body, li) {
  const kind = body.kind;
  pending.delete(t.id);
  const undo = li.querySelector('.undo');
  if (undo) {
    if (undo === document.activeElement) li.querySelector('button[data-kind=' + kind + ']').focus();
    undo.remove();
  }
  li.dataset.rated = kind;
  queue.push({ track: t, body });
  advance();
  flush().then(() => { if (kind !== 'like') replace(t, kind, li); });
}

/** Sends the queued ratings in order; stops (keeping them) while EmoTune can't be reached. */
async function flush() {
  if (flushing) return;
  flushing = true;
  try {
    while (queue.length > 0) {
      const item = queue[0];
      let res;
      try {
        res = await api('/api/v1/feedback', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(item.body) });
      } catch (e) {
        if (!(e instanceof Unreachable)) throw e;
        const n = queue.length;
        $('feedback-status').textContent = n + (n === 1 ? ' rating is' : ' ratings are') + ' kept on this page until EmoTune is back; then sent.';
        announce('EmoTune can\'t be reached: your rating is kept and will be sent when it is back.');
        return;
      }
      queue.shift();
      if (!res.ok) {
        const why = await problem(res);
        report($('feedback-status'), 'Your rating of ' + item.track.title + ' was refused: ' + why);
        announce('Rating refused: ' + why);
        continue;
      }
      $('feedback-status').textContent = '';
      document.dispatchEvent(new Event('emotune:feedback'));
    }
  } finally {
    flushing = false;
  }
}

/** A skipped or disliked track makes way for one new track; the others stay where they are. */
async function replace(t, kind, li) {
  const r = request;
  const hadFocus = li.contains(document.activeElement);
  let next = null;
  try {
    const res = await api('/api/v1/recommendations?' + query(20));
    if (res.ok) {
      const ids = new Set(shown.map((s) => s.id));
      next = (await res.json()).find((c) => !ids.has(c.id)) || null;
    }
  } catch (e) {
    if (!(e instanceof Unreachable)) throw e;
  }
  if (r !== request || !li.isConnected) return;
  const i = shown.findIndex((s) => s.id === t.id);
  if (!next) {
    // Nothing to put in its place (or EmoTune away): the row goes, focus moves to the neighbour.
    shown.splice(i, 1);
    const neighbour = li.nextElementSibling || li.previousElementSibling;
    li.remove();
    if (hadFocus) (neighbour ? neighbour.querySelector('button[data-kind=' + kind + ']') : $('mood-pick')).focus();
    announce(t.title + ' removed from the list.');
    changed();
    return;
  }
  shown[i] = next;
  const fresh = row(next);
  li.replaceWith(fresh);
  if (hadFocus) fresh.querySelector('button[data-kind=' + kind + ']').focus();
  announce(t.title + ' replaced by ' + next.title + ' by ' + next.artist + '.');
  changed();
}

export function init() {
  document.querySelectorAll('input[name=strategy], input[name=source]').forEach((r) => r.addEventListener('change', () => { step = 0; load(); }));
  $('mood-pick').addEventListener('change', () => {
    const m = $('mood-pick').value;
    if (!m) return;
    document.dispatchEvent(new CustomEvent('emotune:mood-picked', { detail: m }));
  });
  $('tracks-refresh').addEventListener('click', () => { refresh++; load(); });
  onConnection((online) => {
    if (!online) return;
    flush();
    if (failed) load();
  });
}
