'use strict';
// EmoTune page. Two modes (the switch above the camera): on this device, the page finds and classifies faces itself
// (ondevice/*.js, onnxruntime-web) and sends only the results over the WebSocket; on the server, camera -> JPEG frames
// over the WebSocket (one in flight). Either way the server tracks faces and keeps the stable mood, and the faces come
// back to be drawn on a canvas.
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
  // Closes after which the page opens the stream again: abnormal (1006, a replica gone), going away (1001), server
  // error or restart (1011, 1012), try later (1013), bad gateway (1014).
  const retryableClose = new Set([1001, 1006, 1011, 1012, 1013, 1014]), maxReconnects = 8;
  let reconnects = 0;
  // Mode: 'device' or 'server'; the on-device pipeline loads once, on the first start in device mode.
  let mode = 'server', pipelineLoad = null, pipeline = null, deviceFrames = [];
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
    $('start').disabled = true;
    if (mode === 'device' && !await ensurePipeline()) { /* fell back to server mode, and said why */ }
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 }, audio: false });
    } catch (e) {
      setStatus('Camera not available: ' + e.message);
      $('start').disabled = false;
      return;
    }
    video.srcObject = stream;
    await video.play();
    running = true; reconnects = 0;
    connect();
    $('start').disabled = true; $('stop').disabled = false; $('stop').focus();
  }

  // The frame stream. Behind a gateway with several replicas, a replica that stops (crash, upgrade) drops its sockets:
  // the page opens a new one through the gateway, which sends it to a live replica, and goes on with the camera still
  // running (that replica starts the face tracks and the stable mood afresh). A close the server chose (too big, not
  // allowed, signed out) is final and said as it is.
  function connect() {
    const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const current = new WebSocket(proto + '//' + location.host + '/ws/frames');
    socket = current; inFlight = false;
    current.binaryType = 'arraybuffer';
    current.onopen = () => {
      if (socket !== current || !running) return;
      const again = reconnects > 0; reconnects = 0;
      setStatus((again ? 'Reconnected. ' : '') + (mode === 'device' ? 'Camera on; faces are analysed on this device.' : 'Camera on; frames are analysed on the server.'));
      if (mode === 'device') deviceLoop(); else if (!again) loop();
    };
    current.onmessage = (ev) => { if (socket === current) { inFlight = false; onResult(JSON.parse(ev.data)); } };
    current.onclose = (ev) => {
      if (socket !== current || !running) return;
      if (retryableClose.has(ev.code) && reconnects < maxReconnects) {
        const delay = Math.min(5000, 250 * 2 ** reconnects); reconnects++;
        setStatus('Connection lost; reconnecting (attempt ' + reconnects + ' of ' + maxReconnects + ')…');
        inFlight = false;
        setTimeout(() => { if (running && socket === current) connect(); }, delay);
        return;
      }
      setStatus('Connection closed' + (ev.reason ? ': ' + ev.reason : '.')); stop();
    };
    current.onerror = () => { if (socket === current && reconnects === 0) setStatus('Connection error.'); };
  }

  function stop() {
    running = false;
    if (socket && socket.readyState === WebSocket.OPEN) socket.close(1000, 'stopped');
    if (stream) stream.getTracks().forEach((t) => t.stop());
    stream = null; socket = null; inFlight = false; deviceFrames = [];
    ctx.clearRect(0, 0, overlay.width, overlay.height);
    $('start').disabled = false; $('stop').disabled = true; $('start').focus();
    setStatus('Camera off.');
  }

  function loop() {
    if (!running) return;
    if (!inFlight && video.videoWidth > 0 && socket && socket.readyState === WebSocket.OPEN && performance.now() - sentAt >= minSendInterval) {
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

  // On-device mode: each new camera frame through the page's own pipeline; the results (boxes and probabilities, never
  // pixels) go to the server, one message in flight, at most every minSendInterval ms.
  async function deviceLoop() {
    const current = socket;
    while (running && mode === 'device' && socket === current) {
      await nextFrame();
      if (!running || socket !== current || video.videoWidth === 0) continue;
      let r;
      try {
        r = await pipeline.process(video, video.videoWidth, video.videoHeight);
      } catch (e) {
        fallBack('the on-device analysis failed (' + e.message + ')');
        if (running) { stop(); start(); }
        return;
      }
      const now = performance.now();
      deviceFrames.push(now); deviceFrames = deviceFrames.filter((t) => now - t < 1000);
      $('fps').textContent = String(deviceFrames.length);
      document.dispatchEvent(new CustomEvent('emotune:ondevice-frame', { detail: { faces: r.faces.length, timings: r.timings } }));
      if (!inFlight && socket.readyState === WebSocket.OPEN && now - sentAt >= minSendInterval) {
        inFlight = true; sentAt = now;
        socket.send(JSON.stringify({
          type: 'faces', width: r.width, height: r.height,
          faces: r.faces.map((f) => ({ box: f.box, probabilities: f.probabilities.map((p) => Math.min(1, Math.max(0, Math.round(p * 1e6) / 1e6))) })),
        }));
      }
    }
  }

  function nextFrame() {
    return new Promise((resolve) => {
      if (typeof video.requestVideoFrameCallback === 'function') video.requestVideoFrameCallback(() => resolve());
      else requestAnimationFrame(() => resolve());
    });
  }

  function onResult(r) {
    if (r.reason === 'rate_limited') return; // the next frame goes out later; nothing to tell the user
    if (r.error) { setStatus((mode === 'device' ? 'Results refused: ' : 'Frame refused: ') + r.error); return; }
    const now = performance.now();
    if (mode !== 'device') {
      frames.push(now); frames = frames.filter((t) => now - t < 1000);
      $('fps').textContent = String(frames.length);
    }
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
      const label = (f.trackId == null ? '' : '#' + f.trackId + ' ') + f.emotion + ' ' + Math.round(f.confidence * 100) + '%';
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
    $('mode-fieldset').hidden = true;
    $('privacy').textContent = 'The server\'s own camera is analysed on the server; nothing is sent from this browser.';
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

  // The mode switch. On this device is the default where WebAssembly with SIMD is there; the page says which mode runs
  // and, when it fell back to the server, why. The privacy sentence follows the mode.
  const simdProbe = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11]);
  function wasmSimd() {
    try { return typeof WebAssembly === 'object' && WebAssembly.validate(simdProbe); } catch { return false; }
  }

  function isLoopback() { return ['localhost', '127.0.0.1', '[::1]'].includes(location.hostname); }

  function showMode(reason) {
    document.querySelector('input[name=mode][value=' + mode + ']').checked = true;
    $('privacy').textContent = mode === 'device'
      ? 'On this device: camera frames never leave this browser; only the emotions found (face boxes and probabilities) go to EmoTune.'
      : 'On the server: camera frames go to EmoTune ' + (isLoopback() ? 'on this computer' : 'at ' + location.host) + ', are analysed in memory and never kept.';
    $('mode-status').textContent = (mode === 'device' ? 'Mode: on this device.' : 'Mode: on the server.') + (reason ? ' ' + reason : '');
  }

  function fallBack(why) {
    mode = 'server';
    showMode('On this device is not available: ' + why + ' Frames go to the server instead.');
  }

  async function ensurePipeline() {
    if (pipeline) return true;
    setStatus('Loading the on-device models…');
    pipelineLoad = pipelineLoad || (async () => {
      const [{ OnDevicePipeline }, { loadManifest }] = await Promise.all([import('./ondevice/pipeline.js'), import('./ondevice/assets.js')]);
      const manifest = await loadManifest();
      return OnDevicePipeline.create(manifest, (step) => setStatus('On this device: ' + step + '…'));
    })();
    try {
      pipeline = await pipelineLoad;
      return true;
    } catch (e) {
      pipelineLoad = null; // a later start tries again
      fallBack(e.message);
      return false;
    }
  }

  function initMode() {
    if (!wasmSimd()) {
      mode = 'server';
      const why = typeof WebAssembly !== 'object' ? 'this browser runs no WebAssembly.' : 'this browser\'s WebAssembly lacks SIMD.';
      showMode('On this device is not available: ' + why);
      return;
    }
    mode = 'device';
    showMode('');
  }

  document.querySelectorAll('input[name=mode]').forEach((r) => r.addEventListener('change', () => {
    const wanted = document.querySelector('input[name=mode]:checked').value;
    if (wanted === mode) return;
    if (wanted === 'device' && !wasmSimd()) { showMode('On this device needs WebAssembly with SIMD, which this browser lacks.'); return; }
    mode = wanted; showMode('');
    if (running) { stop(); start(); }
  }));
  initMode();

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
