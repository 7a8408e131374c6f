'use strict';
// EmoTune page: camera -> JPEG frames over a WebSocket (one in flight) -> faces drawn on a canvas.
(() => {
  const $ = (id) => document.getElementById(id);
  const video = $('video'), overlay = $('overlay'), ctx = overlay.getContext('2d');
  const capture = document.createElement('canvas'), captureCtx = capture.getContext('2d');
  // Frames go at the camera's own size up to 640 px on the longer side: shrinking them to 320 px cost small faces their
  // detail (a still sad face read "angry" on the page and "sad" through the API). The server detects at 640 px too.
  const maxSendSide = 640, sendQuality = 0.85;
  // At most 25 frames a second, under the server's per-connection ceiling (Web:MaxFramesPerSecond, 30 by default).
  const minSendInterval = 40;
  let stream = null, socket = null, inFlight = false, sentAt = 0, running = false;
  let frames = [], lastMood = null, lastAnnounce = 0, moodStep = 0, serverCamera = false;

  let account = { signInRequired: false, signedIn: false }, historyBefore = null;

  function setStatus(text) { $('status').textContent = text; }

  // Every API call goes through here: same-origin cookies, and the header the server asks of requests that change data.
  async function api(url, options = {}) {
    const headers = Object.assign({ 'X-EmoTune': '1' }, options.headers || {});
    const res = await fetch(url, Object.assign({}, options, { headers, credentials: 'same-origin' }));
    if (res.status === 401 && account.signInRequired) { account.signedIn = false; showAccount(); }
    return res;
  }

  async function problem(res) {
    try { const p = await res.json(); return p.detail || p.title || res.statusText; } catch { return res.statusText || String(res.status); }
  }

  async function start() {
    if (account.signInRequired && !account.signedIn) { setStatus('Sign in first.'); $('signin-user').focus(); return; }
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 }, audio: false });
    } catch (e) {
      setStatus('Camera not available: ' + e.message);
      return;
    }
    video.srcObject = stream;
    await video.play();
    const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
    socket = new WebSocket(proto + '//' + location.host + '/ws/frames');
    socket.binaryType = 'arraybuffer';
    socket.onopen = () => { running = true; setStatus('Camera on.'); loop(); };
    socket.onmessage = (ev) => { inFlight = false; onResult(JSON.parse(ev.data)); };
    socket.onclose = (ev) => { if (running) { setStatus('Connection closed' + (ev.reason ? ': ' + ev.reason : '.')); stop(); } };
    socket.onerror = () => setStatus('Connection error.');
    $('start').disabled = true; $('stop').disabled = false; $('stop').focus();
  }

  function stop() {
    running = false;
    if (socket && socket.readyState === WebSocket.OPEN) socket.close(1000, 'stopped');
    if (stream) stream.getTracks().forEach((t) => t.stop());
    stream = null; socket = null; inFlight = false;
    ctx.clearRect(0, 0, overlay.width, overlay.height);
    $('start').disabled = false; $('stop').disabled = true; $('start').focus();
    setStatus('Camera off.');
  }

  function loop() {
    if (!running) return;
    if (!inFlight && video.videoWidth > 0 && socket.readyState === WebSocket.OPEN && performance.now() - sentAt >= minSendInterval) {
      const scale = Math.min(1, maxSendSide / Math.max(video.videoWidth, video.videoHeight));
      capture.width = Math.round(video.videoWidth * scale); capture.height = Math.round(video.videoHeight * scale);
      captureCtx.drawImage(video, 0, 0, capture.width, capture.height);
      inFlight = true;
      capture.toBlob((blob) => {
        if (!blob || !running) { inFlight = false; return; }
        blob.arrayBuffer().then((buf) => {
          if (!running || !socket || socket.readyState !== WebSocket.OPEN) { inFlight = false; return; }
          sentAt = performance.now(); socket.send(buf);
        });
      }, 'image/jpeg', sendQuality);
    }
    requestAnimationFrame(loop);
  }

  function onResult(r) {
    if (r.reason === 'rate_limited') return; // the next frame goes out later; nothing to tell the user
    if (r.error) { setStatus('Frame refused: ' + r.error); return; }
    const now = performance.now();
    frames.push(now); frames = frames.filter((t) => now - t < 1000);
    $('fps').textContent = String(frames.length);
    $('rtt').textContent = Math.round(serverCamera ? r.elapsedMs : now - sentAt) + ' ms';
    $('faces').textContent = String(r.faces.length);
    if (!serverCamera) draw(r); // the server camera's stream arrives with its boxes drawn
    listFaces(r.faces);
    if (r.mood && r.mood !== lastMood) moodChanged(r.mood);
  }

  function draw(r) {
    overlay.width = overlay.clientWidth; overlay.height = overlay.clientHeight;
    ctx.clearRect(0, 0, overlay.width, overlay.height);
    // The video is letter-boxed (object-fit: contain): map frame pixels into the displayed rectangle.
    const s = Math.min(overlay.width / r.width, overlay.height / r.height);
    const ox = (overlay.width - r.width * s) / 2, oy = (overlay.height - r.height * s) / 2;
    ctx.lineWidth = 3; ctx.font = '16px system-ui, sans-serif';
    for (const f of r.faces) {
      const x = ox + f.box.x * s, y = oy + f.box.y * s, w = f.box.width * s, h = f.box.height * s;
      ctx.strokeStyle = '#facc15'; ctx.strokeRect(x, y, w, h);
      const label = '#' + f.trackId + ' ' + f.emotion + ' ' + Math.round(f.confidence * 100) + '%';
      const tw = ctx.measureText(label).width + 8;
      ctx.fillStyle = 'rgba(0,0,0,.7)'; ctx.fillRect(x, Math.max(0, y - 22), tw, 22);
      ctx.fillStyle = '#fff'; ctx.fillText(label, x + 4, Math.max(16, y - 6));
    }
  }

  function listFaces(faces) {
    const list = $('face-list');
    list.replaceChildren(...faces.map((f) => {
      const li = document.createElement('li');
      const h = document.createElement('strong');
      h.textContent = 'Face #' + f.trackId + ': ' + f.emotion;
      li.append(h);
      for (const [name, p] of Object.entries(f.probabilities)) {
        const row = document.createElement('div'); row.className = 'bar';
        const n = document.createElement('span'); n.textContent = name;
        const track = document.createElement('div');
        const fill = document.createElement('div'); fill.className = 'fill'; fill.style.width = Math.round(p * 100) + '%';
        track.append(fill);
        const v = document.createElement('span'); v.textContent = Math.round(p * 100) + '%';
        row.append(n, track, v); li.append(row);
      }
      return li;
    }));
    document.dispatchEvent(new CustomEvent('emotune:tracks', { detail: { emotion: lastMood, strategy: strategy(), tracks } }));
  }

  function moodChanged(mood) {
    lastMood = mood; moodStep = 0;
    $('mood').textContent = mood;
    const now = performance.now();
    if (now - lastAnnounce > 5000) { $('mood-announcer').textContent = 'Mood is now ' + mood; lastAnnounce = now; }
    loadTracks();
  }

  function strategy() { return document.querySelector('input[name=strategy]:checked').value; }
  function source() { return document.querySelector('input[name=source]:checked').value; }

  // Each call supersedes the ones before it: a slower, older answer (say, for the source the user just left) is dropped.
  let tracksRequest = 0;
  async function loadTracks() {
    if (!lastMood) return;
    const request = ++tracksRequest;
    const q = new URLSearchParams({ emotion: lastMood, strategy: strategy(), limit: '8', step: String(moodStep), source: source() });
    const res = await api('/api/v1/recommendations?' + q);
    if (request !== tracksRequest) return;
    if (!res.ok) { $('tracks-status').textContent = 'Recommendations are unavailable (' + await problem(res) + ').'; return; }
    const tracks = await res.json();
    if (request !== tracksRequest) return;
    $('tracks-status').textContent = tracks.length > 0 ? ''
      : source() === 'library' ? 'No music files indexed yet: run "emotune library scan FOLDER", then choose again.'
      : 'No tracks to recommend.';
    const tpl = $('track-template');
    $('tracks').replaceChildren(...tracks.map((t) => {
      const li = tpl.content.firstElementChild.cloneNode(true);
      li.dataset.trackId = t.id;
      li.querySelector('.title').textContent = t.title;
      li.querySelector('.artist').textContent = '— ' + t.artist;
      li.querySelector('.meta').textContent = '(' + (t.year > 0 ? t.year + ', ' : '') + t.genre + ')';
      li.querySelector('.reason').textContent = t.reason;
      if (t.audio) {
        // Local-library tracks play here; the browser's own controls are keyboard accessible.
        const audio = document.createElement('audio');
        audio.controls = true; audio.preload = 'none'; audio.src = t.audio;
        audio.setAttribute('aria-label', 'Play ' + t.title + ' by ' + t.artist);
        li.querySelector('.track-text').append(audio);
      }
      for (const b of li.querySelectorAll('button')) {
        b.setAttribute('aria-label', b.textContent + ' ' + t.title + ' by ' + t.artist);
        b.addEventListener('click', () => feedback(t, b.dataset.kind, li));
      }
      return li;
    }));
    document.dispatchEvent(new CustomEvent('emotune:tracks', { detail: { emotion: lastMood, strategy: strategy(), tracks } }));
  }

  async function feedback(track, kind, li) {
    const res = await api('/api/v1/feedback', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ trackId: track.id, emotion: lastMood, strategy: strategy(), kind }) });
    if (!res.ok) { setStatus('Feedback not saved: ' + await problem(res)); return; }
    li.querySelectorAll('button').forEach((b) => { b.disabled = true; });
    loadHistory();
    if (kind !== 'like') { moodStep++; loadTracks(); }
  }

  // Server-camera mode (emotune serve --camera): show the server's annotated MJPEG stream and follow its results channel
  // (server-sent events carrying the same JSON as /ws/frames) instead of this browser's camera.
  async function cameraStatus() {
    try { const res = await fetch('/api/v1/camera'); return res.ok ? await res.json() : null; } catch { return null; }
  }

  async function followServerCamera() {
    const status = await cameraStatus();
    if (!status || !status.enabled) return;
    serverCamera = true;
    $('start').hidden = true; $('stop').hidden = true; video.hidden = true; overlay.hidden = true;
    $('rtt').previousElementSibling.textContent = 'Processing';
    const img = $('server-stream');
    img.src = status.streamUrl; img.hidden = false;
    let state = '';
    const describe = (s) => {
      if (s.state === state) return;
      state = s.state;
      setStatus('Server camera, ' + s.source + ': ' + (s.state === 'retrying' ? 'lost (' + s.lastError + '), retrying.' : s.state + '.'));
    };
    describe(status);
    const events = new EventSource(status.resultsUrl);
    events.addEventListener('frame', (ev) => onResult(JSON.parse(ev.data)));
    setInterval(async () => { const s = await cameraStatus(); if (s && s.enabled) describe(s); }, 5000);
  }

  followServerCamera();
  // Account: one local profile on loopback; beyond it, each person signs in.
  async function refreshAccount() {
    const res = await fetch('/api/v1/account', { credentials: 'same-origin' });
    if (res.ok) account = await res.json();
    showAccount();
  }

  function showAccount() {
    const needsSignIn = account.signInRequired && !account.signedIn;
    document.dispatchEvent(new Event('emotune:account'));
    $('signin-section').hidden = !needsSignIn;
    $('register').hidden = !account.allowRegistration;
    $('account-bar').hidden = !(account.signInRequired && account.signedIn);
    $('account-name').textContent = account.signedIn ? 'Signed in as ' + account.userName : '';
    $('delete-account-note').hidden = !account.signInRequired;
    for (const id of ['history-section', 'data-section']) $(id).hidden = needsSignIn;
    $('start').disabled = needsSignIn || running;
    if (needsSignIn) { if (running) stop(); $('tracks').replaceChildren(); $('history-rows').replaceChildren(); }
    else loadHistory();
  }

  async function signIn(action) {
    const form = $('signin-form');
    if (!form.reportValidity()) return;
    $('signin-status').textContent = action === 'register' ? 'Creating account…' : 'Signing in…';
    const res = await api('/api/v1/account/' + action, { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ userName: $('signin-user').value, password: $('signin-password').value }) });
    $('signin-password').value = '';
    if (!res.ok) { $('signin-status').textContent = await problem(res); $('signin-password').focus(); return; }
    $('signin-status').textContent = '';
    account = await res.json();
    showAccount();
    $('start').focus();
    loadTracks();
  }

  async function signOut() {
    await api('/api/v1/account/signout', { method: 'POST' });
    await refreshAccount();
    $('signin-user').focus();
  }

  async function loadHistory(before) {
    if (account.signInRequired && !account.signedIn) return;
    const q = new URLSearchParams({ limit: '20' });
    if (before) q.set('before', String(before));
    const res = await api('/api/v1/me/history?' + q);
    if (!res.ok) { $('history-status').textContent = 'History not available: ' + await problem(res); return; }
    const page = await res.json();
    historyBefore = page.nextBefore;
    $('history-older').disabled = !historyBefore;
    $('history-status').textContent = page.items.length === 0 ? (before ? 'No older feedback.' : 'No feedback yet.') : '';
    $('history-rows').replaceChildren(...page.items.map((h) => {
      const tr = document.createElement('tr');
      const when = document.createElement('td');
      const time = document.createElement('time');
      time.dateTime = h.at; time.textContent = new Date(h.at).toLocaleString();
      when.append(time);
      const cells = [h.title + ' — ' + h.artist, h.emotion, h.strategy, h.kind].map((text) => {
        const td = document.createElement('td'); td.textContent = text; return td;
      });
      tr.append(when, ...cells);
      return tr;
    }));
  }

  async function deleteData() {
    $('data-status').textContent = 'Deleting…';
    const res = await api('/api/v1/me/data', { method: 'DELETE' });
    if (!res.ok) { $('data-status').textContent = 'Not deleted: ' + await problem(res); return; }
    const result = await res.json();
    const n = Object.values(result.removed).reduce((a, b) => a + b, 0);
    const done = 'Deleted ' + n + ' record' + (n === 1 ? '' : 's') + (result.signedOut ? ', your account too; you are signed out.' : '.');
    $('data-status').textContent = done; $('signin-status').textContent = done;
    $('tracks').replaceChildren();
    await refreshAccount();
  }

  $('signin-form').addEventListener('submit', (ev) => { ev.preventDefault(); signIn('signin'); });
  $('register').addEventListener('click', () => signIn('register'));
  $('signout').addEventListener('click', signOut);
  $('history-refresh').addEventListener('click', () => loadHistory());
  $('history-older').addEventListener('click', () => loadHistory(historyBefore));
  $('delete-open').addEventListener('click', () => { $('delete-dialog').returnValue = ''; $('delete-dialog').showModal(); });
  $('delete-dialog').addEventListener('close', () => {
    if ($('delete-dialog').returnValue === 'delete') deleteData(); else $('delete-open').focus();
  });
  refreshAccount();

  $('start').addEventListener('click', start);
  $('stop').addEventListener('click', stop);
  document.querySelectorAll('input[name=strategy], input[name=source]').forEach((r) => r.addEventListener('change', () => { moodStep = 0; loadTracks(); }));
})();
