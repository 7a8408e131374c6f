'use strict';
// Spotify on the EmoTune page: connect/disconnect, the embed player for tracks found on Spotify, save as a playlist.
// Tokens never reach this page: the server keeps them; the page only learns "connected as NAME".
(() => {
  const $ = (id) => document.getElementById(id);
  let connected = false, current = null;

  function say(text) { $('spotify-status').textContent = text; }

  // A request that got no answer (EmoTune away) is said in the Spotify status, never thrown: the page's connection
  // line says EmoTune is away and when it tries again.
  async function send(url, options) {
    try { return await fetch(url, options); } catch { say('Spotify: EmoTune can\'t be reached; try again when it is back.'); return null; }
  }

  async function problem(res) {
    try { const p = await res.json(); return p.detail || p.title || res.statusText; } catch { return res.statusText; }
  }

  async function refresh() {
    const res = await send('/api/v1/spotify/status');
    if (!res) return;
    if (!res.ok) { $('spotify').hidden = true; return; }
    const s = await res.json();
    $('spotify').hidden = !s.configured;
    if (!s.configured) return;
    connected = s.connected;
    $('spotify-connect').hidden = connected;
    $('spotify-disconnect').hidden = !connected;
    $('spotify-save').hidden = !connected;
    const outcome = new URLSearchParams(location.search).get('spotify');
    if (outcome) history.replaceState(null, '', location.pathname);
    if (connected) say('Spotify connected' + (s.displayName ? ' as ' + s.displayName : '') + '.');
    else if (outcome === 'denied') say('Spotify access was not granted.');
    else if (outcome === 'failed') say('Spotify sign-in failed. If your Spotify app is in development mode, add your account under User Management in the Spotify dashboard, then connect again.');
    else say('Spotify not connected.');
    if (connected && current) resolve(current);
  }

  async function resolve(detail) {
    current = detail;
    if (!connected || !detail.tracks.length) return;
    const res = await send('/api/v1/spotify/resolve', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-EmoTune': '1' },
      body: JSON.stringify({ trackIds: detail.tracks.map((t) => t.id) }) });
    if (!res) return;
    if (!res.ok) { say('Spotify is unavailable (' + await problem(res) + '); the list stays on the local catalogue and library.'); return; }
    const found = new Map((await res.json()).filter((m) => m.spotifyId).map((m) => [m.trackId, m.spotifyId]));
    for (const li of document.querySelectorAll('#tracks li[data-track-id]')) {
      const id = found.get(li.dataset.trackId);
      if (!id || li.querySelector('.play')) continue;
      const t = detail.tracks.find((x) => x.id === li.dataset.trackId);
      const b = document.createElement('button');
      b.type = 'button'; b.className = 'play'; b.textContent = 'Play';
      b.setAttribute('aria-label', 'Play ' + t.title + ' by ' + t.artist + ' on Spotify');
      b.addEventListener('click', () => play(id, t));
      li.querySelector('.track-actions').prepend(b);
    }
  }

  function play(id, t) {
    const frame = document.createElement('iframe');
    // The page is cross-origin isolated (COEP credentialless, for on-device mode's threads): a cross-origin frame loads
    // only as a credentialless one (no cookies: the embed plays as for a visitor who is not signed in to Spotify).
    frame.setAttribute('credentialless', '');
    frame.src = 'https://open.spotify.com/embed/track/' + encodeURIComponent(id);
    frame.title = 'Spotify player: ' + t.title + ' by ' + t.artist;
    frame.loading = 'lazy';
    frame.allow = 'autoplay; clipboard-write; encrypted-media; fullscreen; picture-in-picture';
    $('spotify-player').replaceChildren(frame);
  }

  async function save() {
    if (!current) { say('No recommendations yet: start the camera first.'); return; }
    $('spotify-save').disabled = true;
    say('Saving to Spotify…');
    try {
      const res = await send('/api/v1/spotify/playlists', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-EmoTune': '1' },
        body: JSON.stringify({ emotion: current.emotion, strategy: current.strategy, trackIds: current.tracks.map((t) => t.id) }) });
      if (!res) return;
      if (!res.ok) { say('Spotify: ' + await problem(res)); return; }
      const p = await res.json();
      say((p.created ? 'Created ' : 'Updated ') + p.name + ' with ' + p.tracks.length + ' tracks'
        + (p.unresolved.length ? ' (' + p.unresolved.length + ' not found on Spotify)' : '') + '.');
    } finally {
      $('spotify-save').disabled = false;
    }
  }

  async function disconnect() {
    const res = await send('/api/v1/spotify/disconnect', { method: 'POST', headers: { 'X-EmoTune': '1' } });
    if (!res) return;
    if (!res.ok) { say('Spotify: ' + await problem(res)); return; }
    $('spotify-player').replaceChildren();
    document.querySelectorAll('#tracks .play').forEach((b) => b.remove());
    await refresh();
    $('spotify-connect').focus();
  }

  document.addEventListener('emotune:tracks', (e) => resolve(e.detail));
  $('spotify-save').addEventListener('click', save);
  $('spotify-disconnect').addEventListener('click', disconnect);
  refresh();
  // The page signals sign-in changes: Spotify belongs to the signed-in profile.
  document.addEventListener('emotune:account', () => refresh());
})();
