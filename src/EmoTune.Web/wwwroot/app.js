// EmoTune page: camera, frame stream, mode, account, history and data (an ES module; net.js, music.js, listen.js and
// announce.js are the other concerns). Two modes (the switch above the camera): on this device, the page finds and
// classifies faces itself (ondevice/*.js, onnxruntime-web) and sends only the results over the WebSocket; on the
// server, camera -> JPEG frames over the WebSocket (one in flight). Either way the server tracks faces and keeps the
// stable mood, and the faces come back to be drawn on a canvas. When EmoTune goes away the camera stays on, the figures
// are marked stale and the stream reconnects with back-off (1 s doubling to 15 s), resuming where it was.
import { api, problem, Unreachable, onConnection, lost, found, report, nextRetry, probeNow } from './net.js';
import * as music from './music.js';

{
  const $ = (id) => document.getElementById(id);
  const video = $('video'), overlay = $('overlay'), ctx = overlay.getContext('2d');
  const capture = document.createElement('canvas'), captureCtx = capture.getContext('2d');
  // Frames go at the camera's own size up to 640 px on the longer side: shrinking them to 320 px cost small faces their
  // detail (a still sad face read "angry" on the page and "sad" through the API). The server detects at 640 px too.
  const maxSendSide = 640, sendQuality = 0.85;
  // At most 25 frames a second, under the server's per-connection ceiling (Web:MaxFramesPerSecond, 30 by default).
  const minSendInterval = 40;
  // running: the camera is on and should stream; socket: the frame stream, null while (re)connecting.
  let stream = null, socket = null, inFlight = false, sentAt = 0, running = false;
  const firstReconnect = 1000, maxReconnect = 15000;
  let reconnectDelay = firstReconnect, reconnectTimer = 0, reconnectAt = 0, countdown = 0, reconnecting = false;
  // Mode: 'device' or 'server'; the on-device pipeline loads once, on the first start in device mode.
  let mode = 'server', pipelineLoad = null, pipeline = null, deviceFrames = [];
  let frames = [], lastMood = null, lastAnnounce = 0, serverCamera = false;
  let smallFaces = false; // the page is advising coming closer (facesAdvice)

  let account = { signInRequired: false, signedIn: false }, historyBefore = null;

  function setStatus(text) { $('status').textContent = text; }

  // How the camera failed to start, in words the person can act on (getUserMedia's error names, per cause).
  function cameraAdvice(e) {
    const pick = ' Meanwhile, choose a mood under Music to get music without the camera.';
    switch (e && e.name) {
      case 'NotAllowedError': case 'PermissionDeniedError':
        return 'Camera access was refused. Allow the camera for this site (the camera icon in the address bar, or the browser\'s site settings), then press Start camera again.' + pick;
      case 'NotFoundError': case 'DevicesNotFoundError': case 'OverconstrainedError':
        return 'No camera was found. Connect a camera (or enable it in the system settings), then press Start camera again.' + pick;
      case 'NotReadableError': case 'TrackStartError': case 'AbortError':
        return 'The camera is busy or failed to start: close other apps or tabs using it, then press Start camera again.' + pick;
      case 'SecurityError': case 'TypeError':
        return 'This page may not use the camera here: open EmoTune over https, or at http://localhost on this computer.' + pick;
      default:
        return 'The camera could not be started' + (e && e.message ? ' (' + e.message + ')' : '') + '. Press Start camera to try again.' + pick;
    }
  }

  async function start() {
    if (account.signInRequired && !account.signedIn) { setStatus('Sign in first.'); $('signin-user').focus(); return; }
    $('start').disabled = true;
    if (mode === 'device' && !await ensurePipeline()) { /* fell back to server mode, and said why */ }
    try {
      if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) throw Object.assign(new Error('no camera API'), { name: 'SecurityError' });
      stream = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 }, audio: false });
    } catch (e) {
      setStatus(cameraAdvice(e));
      $('start').disabled = false; $('start').focus();
      return;
    }
    video.srcObject = stream;
    try { await video.play(); } catch { /* a muted preview plays without a gesture; frames are read either way */ }
    running = true; reconnectDelay = firstReconnect;
    $('start').disabled = true; $('stop').disabled = false; $('stop').focus();
    setStatus('Connecting to EmoTune…');
    if (mode === 'device') deviceLoop(); else loop();
    connect();
  }

  // Opens the frame stream. A stream that closes while the camera is on is reopened with back-off; one refused before
  // it opened is asked why (the per-client limit says so), else retried the same way.
  function connect() {
    clearTimeout(reconnectTimer); reconnectTimer = 0; clearInterval(countdown);
    const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const s = new WebSocket(proto + '//' + location.host + '/ws/frames');
    let opened = false;
    socket = s; inFlight = false;
    s.binaryType = 'arraybuffer';
    s.onopen = () => {
      if (socket !== s) return;
      const again = reconnecting;
      opened = true; reconnecting = false; reconnectDelay = firstReconnect; found();
      setStatus((again ? 'Reconnected. ' : '') + (mode === 'device' ? 'Camera on; faces are analysed on this device.' : 'Camera on; frames are analysed on the server.'));
    };
    s.onmessage = (ev) => { if (socket === s) { inFlight = false; onResult(JSON.parse(ev.data)); } };
    s.onerror = () => { /* onclose follows and says what happened */ };
    s.onclose = (ev) => {
      if (socket !== s) return;
      socket = null; inFlight = false;
      if (!running) return;
      markStale('connection lost');
      if (opened) { lost(); reconnectLater('Connection to EmoTune lost' + (ev.reason ? ' (' + ev.reason + ')' : '')); }
      else diagnose();
    };
  }

  async function diagnose() {
    let res;
    try {
      res = await api('/api/v1/streams', { cache: 'no-store' });
    } catch (e) {
      if (!(e instanceof Unreachable)) throw e;
      if (running) reconnectLater('EmoTune can\'t be reached');
      return;
    }
    if (!running) return;
    const capacity = res.ok ? await res.json() : null;
    if (capacity && capacity.open >= capacity.limit) {
      stopCamera();
      const streams = (n) => n + ' camera stream' + (n === 1 ? '' : 's');
      report($('status'), 'Camera not started: EmoTune takes at most ' + streams(capacity.limit) + ' from one computer at a time, and '
        + streams(capacity.open) + ' already open in other EmoTune tabs or windows. Press Stop camera in one of them (or close it), then try again here.', start);
      $('start').focus();
      return;
    }
    reconnectLater('The frame stream could not be opened');
  }

  function reconnectLater(why) {
    if (!running) return;
    reconnecting = true;
    const delay = reconnectDelay;
    reconnectDelay = Math.min(reconnectDelay * 2, maxReconnect);
    reconnectAt = performance.now() + delay;
    // Said once (a live region); only the seconds count down, hidden from screen readers so they are not read every second.
    const status = $('status');
    status.replaceChildren(why + '; the camera stays on. Reconnecting by itself');
    const left = document.createElement('span');
    left.setAttribute('aria-hidden', 'true');
    const tick = () => { left.textContent = ' in ' + Math.max(0, Math.ceil((reconnectAt - performance.now()) / 1000)) + ' s…'; };
    tick();
    const now = document.createElement('button');
    now.type = 'button'; now.className = 'retry'; now.textContent = 'Reconnect now';
    now.addEventListener('click', () => { if (running) { setStatus('Connecting to EmoTune…'); connect(); } });
    status.append(left, ' ', now);
    clearInterval(countdown);
    countdown = setInterval(() => { if (running && !socket && left.isConnected) tick(); else clearInterval(countdown); }, 1000);
    clearTimeout(reconnectTimer);
    reconnectTimer = setTimeout(() => { clearInterval(countdown); if (running) { setStatus('Reconnecting to EmoTune…'); connect(); } }, delay);
  }

  // What the last frame showed is no longer live: the figures go back to dashes, the faces and boxes go, the mood stays
  // (the music follows it) but says it is the last one seen.
  function markStale(why) {
    smallFaces = false;
    frames = []; deviceFrames = [];
    for (const id of ['fps', 'rtt', 'faces']) $(id).textContent = '–';
    $('face-list').replaceChildren();
    $('faces-status').textContent = why === 'camera off' ? 'No faces: the camera is off. Press Start camera.' : 'No faces while the connection to EmoTune is lost.';
    ctx.clearRect(0, 0, overlay.width, overlay.height);
    if (lastMood) $('mood-note').textContent = ' (last seen; ' + why + ')';
  }

  function stopCamera() {
    running = false; reconnecting = false;
    clearTimeout(reconnectTimer); reconnectTimer = 0; clearInterval(countdown);
    const s = socket;
    socket = null; inFlight = false;
    if (s && (s.readyState === WebSocket.OPEN || s.readyState === WebSocket.CONNECTING)) s.close(1000, 'stopped');
    if (stream) stream.getTracks().forEach((t) => t.stop());
    stream = null; video.srcObject = null;
    markStale('camera off');
    $('start').disabled = false; $('stop').disabled = true;
  }

  function stop() {
    stopCamera();
    $('start').focus();
    setStatus('Camera off.');
  }

  function loop() {
    if (!running) return;
    if (!inFlight && video.videoWidth > 0 && socket && socket.readyState === WebSocket.OPEN && performance.now() - sentAt >= minSendInterval) {
      const s = socket;
      const scale = Math.min(1, maxSendSide / Math.max(video.videoWidth, video.videoHeight));
      capture.width = Math.round(video.videoWidth * scale); capture.height = Math.round(video.videoHeight * scale);
      captureCtx.drawImage(video, 0, 0, capture.width, capture.height);
      inFlight = true;
      capture.toBlob((blob) => {
        if (!blob || !running) { inFlight = false; return; }
        blob.arrayBuffer().then((buf) => {
          if (!running || socket !== s || s.readyState !== WebSocket.OPEN) { inFlight = false; return; }
          sentAt = performance.now(); s.send(buf);
        });
      }, 'image/jpeg', sendQuality);
    }
    requestAnimationFrame(loop);
  }

  // On-device mode: each new camera frame through the page's own pipeline; the results (boxes and probabilities, never
  // pixels) go to the server, one message in flight, at most every minSendInterval ms.
  async function deviceLoop() {
    const current = stream;
    pipeline.reset();
    while (running && mode === 'device' && stream === current) {
      await nextFrame();
      if (!running || stream !== current || video.videoWidth === 0) continue;
      let r;
      try {
        r = await pipeline.process(video, video.videoWidth, video.videoHeight);
      } catch (e) {
        fallBack('the on-device analysis failed (' + e.message + ')');
        if (running) { stopCamera(); start(); }
        return;
      }
      if (!running || stream !== current) continue;
      const now = performance.now();
      const s = socket;
      document.dispatchEvent(new CustomEvent('emotune:ondevice-frame', { detail: { faces: r.faces.length, timings: r.timings } }));
      if (!s || s.readyState !== WebSocket.OPEN) continue; // figures stay stale until the stream is back
      deviceFrames.push(now); deviceFrames = deviceFrames.filter((t) => now - t < 1000);
      $('fps').textContent = String(deviceFrames.length);
      if (!inFlight && now - sentAt >= minSendInterval) {
        inFlight = true; sentAt = now;
        s.send(JSON.stringify({
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
    if (!running && !serverCamera) return; // an answer that arrived after Stop camera
    if (r.error) { setStatus((mode === 'device' ? 'Results refused: ' : 'Frame refused: ') + r.error); return; }
    const now = performance.now();
    if (mode !== 'device') {
      frames.push(now); frames = frames.filter((t) => now - t < 1000);
      $('fps').textContent = String(frames.length);
    }
    $('rtt').textContent = Math.round(serverCamera ? r.elapsedMs : now - sentAt) + ' ms';
    $('faces').textContent = String(r.faces.length);
    $('faces-status').textContent = facesAdvice(r);
    $('mood-note').textContent = '';
    if (!serverCamera) draw(r); // the server camera's stream arrives with its boxes drawn
    listFaces(r.faces);
    if (r.mood && r.mood !== lastMood) moodChanged(r.mood, false);
  }

  // Small faces are the ones the chain loses: on the generated scenes (docs/BENCHMARKS.md, "Scenes") YuNet found 63 % of
  // the faces of 40–80 px and the emotion was right for 37 %, against 92 % and 54 % at 80–140 px. A FER-style face of
  // 80 px gives a box whose mean side (√(w·h)) is about 74 px, in a frame scaled to 640 px on its longer side. The advice
  // shows while every face is under that and goes once one is 10 % over it, so it does not flicker at the edge.
  const smallFaceSide = 74, smallFaceClear = 82;
  function facesAdvice(r) {
    if (r.faces.length === 0) { smallFaces = false; return 'No face in view: face the camera, with light on your face.'; }
    const longer = Math.max(r.width || 0, r.height || 0);
    if (longer <= 0) return '';
    const largest = Math.max(...r.faces.map((f) => Math.sqrt(f.box.width * f.box.height) * 640 / longer));
    smallFaces = smallFaces ? largest < smallFaceClear : largest < smallFaceSide;
    if (!smallFaces) return '';
    return (r.faces.length === 1 ? 'Your face is small in the picture' : 'The faces are small in the picture')
      + ': come closer to the camera (or zoom in) for a surer reading.';
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
  }

  // A mood from the camera (announced at most every 5 s) or picked by hand (announced at once).
  function moodChanged(mood, picked) {
    lastMood = mood;
    $('mood').textContent = mood;
    $('mood-note').textContent = picked ? ' (chosen by you)' : '';
    const now = performance.now();
    if (picked || now - lastAnnounce > 5000) { $('mood-announcer').textContent = 'Mood is now ' + mood; lastAnnounce = now; }
    music.setMood(mood);
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
    if (running) { stopCamera(); start(); }
  }));
  initMode();

  followServerCamera();
  // Account: one local profile on loopback; beyond it, each person signs in.
  // A call that can't reach EmoTune says so in statusEl with a "Try again" (the connection line says it is away).
  async function call(statusEl, what, retry, url, options) {
    try {
      return await api(url, options);
    } catch (e) {
      if (!(e instanceof Unreachable)) throw e;
      report(statusEl, what + ': EmoTune can\'t be reached.', retry);
      return null;
    }
  }

  async function refreshAccount() {
    const res = await call($('data-status'), 'Your profile could not be loaded', refreshAccount, '/api/v1/account');
    if (!res) return;
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
    if (needsSignIn) { if (running) stop(); music.clear('Sign in to get music.'); $('history-rows').replaceChildren(); }
    else loadHistory();
  }

  async function signIn(action) {
    const form = $('signin-form');
    if (!form.reportValidity()) return;
    $('signin-status').textContent = action === 'register' ? 'Creating account…' : 'Signing in…';
    const res = await call($('signin-status'), action === 'register' ? 'No account created' : 'Not signed in', null, '/api/v1/account/' + action,
      { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ userName: $('signin-user').value, password: $('signin-password').value }) });
    if (!res) return; // the password stays, to press Sign in again
    $('signin-password').value = '';
    if (!res.ok) { $('signin-status').textContent = await problem(res); $('signin-password').focus(); return; }
    $('signin-status').textContent = '';
    account = await res.json();
    showAccount();
    $('start').focus();
    music.load();
  }

  async function signOut() {
    const res = await call($('data-status'), 'Not signed out', signOut, '/api/v1/account/signout', { method: 'POST' });
    if (!res) return;
    await refreshAccount();
    $('signin-user').focus();
  }

  async function loadHistory(before) {
    if (account.signInRequired && !account.signedIn) return;
    const q = new URLSearchParams({ limit: '20' });
    if (before) q.set('before', String(before));
    const res = await call($('history-status'), 'History not loaded', () => loadHistory(before), '/api/v1/me/history?' + q);
    if (!res) return;
    if (!res.ok) { report($('history-status'), 'History not available: ' + await problem(res), () => loadHistory(before)); return; }
    const page = await res.json();
    historyBefore = page.nextBefore;
    $('history-older').disabled = !historyBefore;
    $('history-status').textContent = page.items.length === 0 ? (before ? 'No older feedback.' : 'No feedback yet: rate a track under Music with Like, Skip or Dislike.') : '';
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
    const res = await call($('data-status'), 'Not deleted', deleteData, '/api/v1/me/data', { method: 'DELETE' });
    if (!res) return;
    if (!res.ok) { report($('data-status'), 'Not deleted: ' + await problem(res), deleteData); return; }
    const result = await res.json();
    const n = Object.values(result.removed).reduce((a, b) => a + b, 0);
    const done = 'Deleted ' + n + ' record' + (n === 1 ? '' : 's') + (result.signedOut ? ', your account too; you are signed out.' : '.');
    $('data-status').textContent = done; $('signin-status').textContent = done;
    await refreshAccount();
    // The music starts afresh: with no feedback left, the list for the same mood is drawn again (and says so).
    if (!result.signedOut && music.currentMood()) {
      await music.load();
      if (!$('tracks-status').textContent) $('tracks-status').textContent = 'Your feedback is deleted: these recommendations start afresh.';
    }
  }

  // The connection line (a live region): EmoTune reachable or not, said once per change; when the next try is, shown
  // but not read out at every try.
  onConnection((online) => {
    const el = $('connection');
    if (online) {
      el.textContent = 'Connected to EmoTune again.';
      el.classList.remove('offline');
      loadHistory();
      if (running && !socket) connect();
      return;
    }
    if (!el.classList.contains('offline')) {
      el.classList.add('offline');
      const next = document.createElement('span');
      next.className = 'next'; next.setAttribute('aria-hidden', 'true');
      const now = document.createElement('button');
      now.type = 'button'; now.className = 'retry'; now.textContent = 'Try now';
      now.addEventListener('click', probeNow);
      el.replaceChildren('EmoTune can\'t be reached; it is tried again by itself, and nothing you did is lost.', next, ' ', now);
    }
    el.querySelector('.next').textContent = ' Next try in ' + Math.max(1, Math.ceil((nextRetry() - performance.now()) / 1000)) + ' s.';
  });

  $('signin-form').addEventListener('submit', (ev) => { ev.preventDefault(); signIn('signin'); });
  $('register').addEventListener('click', () => signIn('register'));
  $('signout').addEventListener('click', signOut);
  $('history-refresh').addEventListener('click', () => loadHistory());
  $('history-older').addEventListener('click', () => loadHistory(historyBefore));
  $('delete-open').addEventListener('click', () => { $('delete-dialog').returnValue = ''; $('delete-dialog').showModal(); });
  $('delete-dialog').addEventListener('close', () => {
    if ($('delete-dialog').returnValue === 'delete') deleteData(); else $('delete-open').focus();
  });
  document.addEventListener('emotune:feedback', () => loadHistory());
  document.addEventListener('emotune:mood-picked', (e) => moodChanged(e.detail, true));
  music.init();
  refreshAccount();

  $('start').addEventListener('click', start);
  $('stop').addEventListener('click', stop);
}
