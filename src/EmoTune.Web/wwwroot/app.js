'use strict';
// EmoTune page: camera -> downscaled JPEG frames over a WebSocket (one in flight) -> faces drawn on a canvas.
(() => {
  const $ = (id) => document.getElementById(id);
  const video = $('video'), overlay = $('overlay'), ctx = overlay.getContext('2d');
  const capture = document.createElement('canvas'), captureCtx = capture.getContext('2d');
  const sendWidth = 320;
  let stream = null, socket = null, inFlight = false, sentAt = 0, running = false;
  let frames = [], lastMood = null, lastAnnounce = 0, moodStep = 0;

  function setStatus(text) { $('status').textContent = text; }

  async function start() {
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
    if (!inFlight && video.videoWidth > 0 && socket.readyState === WebSocket.OPEN) {
      const scale = sendWidth / video.videoWidth;
      capture.width = sendWidth; capture.height = Math.round(video.videoHeight * scale);
      captureCtx.drawImage(video, 0, 0, capture.width, capture.height);
      inFlight = true;
      capture.toBlob((blob) => {
        if (!blob || !running) { inFlight = false; return; }
        blob.arrayBuffer().then((buf) => { sentAt = performance.now(); socket.send(buf); });
      }, 'image/jpeg', 0.75);
    }
    requestAnimationFrame(loop);
  }

  function onResult(r) {
    if (r.error) { setStatus('Frame refused: ' + r.error); return; }
    const now = performance.now();
    frames.push(now); frames = frames.filter((t) => now - t < 1000);
    $('fps').textContent = String(frames.length);
    $('rtt').textContent = Math.round(now - sentAt) + ' ms';
    $('faces').textContent = String(r.faces.length);
    draw(r);
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
  }

  function moodChanged(mood) {
    lastMood = mood; moodStep = 0;
    $('mood').textContent = mood;
    const now = performance.now();
    if (now - lastAnnounce > 5000) { $('mood-announcer').textContent = 'Mood is now ' + mood; lastAnnounce = now; }
    loadTracks();
  }

  function strategy() { return document.querySelector('input[name=strategy]:checked').value; }

  async function loadTracks() {
    if (!lastMood) return;
    const q = new URLSearchParams({ emotion: lastMood, strategy: strategy(), limit: '8', step: String(moodStep) });
    const res = await fetch('/api/v1/recommendations?' + q);
    if (!res.ok) return;
    const tracks = await res.json();
    const tpl = $('track-template');
    $('tracks').replaceChildren(...tracks.map((t) => {
      const li = tpl.content.firstElementChild.cloneNode(true);
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
  }

  async function feedback(track, kind, li) {
    await fetch('/api/v1/feedback', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ trackId: track.id, emotion: lastMood, strategy: strategy(), kind }) });
    li.querySelectorAll('button').forEach((b) => { b.disabled = true; });
    if (kind !== 'like') { moodStep++; loadTracks(); }
  }

  $('start').addEventListener('click', start);
  $('stop').addEventListener('click', stop);
  document.querySelectorAll('input[name=strategy]').forEach((r) => r.addEventListener('change', () => { moodStep = 0; loadTracks(); }));
})();
