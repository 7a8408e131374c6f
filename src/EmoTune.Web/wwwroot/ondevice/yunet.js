// YuNet face detection (OpenCV Zoo, 2023mar) with onnxruntime-web: the frame as a BGR float tensor padded to multiples
// of 32, the twelve outputs decoded as OpenCV's FaceDetectorYN does (face_detect.cpp: score = sqrt(cls · obj), boxes and
// five landmarks at strides 8, 16 and 32), non-maximum suppression as cv::dnn::NMSBoxes on integer boxes, then the
// server's DetectionFrame rules: back to frame pixels, smallest side ≥ minFaceSize, the maxFaces largest first.
import { roundHalfEven } from './align.js';

const strides = [8, 16, 32];

export class YuNetDetector {
  /**
   * @param ort onnxruntime-web
   * @param session the YuNet InferenceSession
   * @param options { scoreThreshold, nmsThreshold, topK, minFaceSize, maxFaces, detectionSide }
   */
  constructor(ort, session, options) {
    this.ort = ort; this.session = session; this.options = options;
    this.canvas = null; this.input = null;
  }

  /**
   * Detects faces in `source` (a video element or canvas of `width` × `height`), drawn shrunk so that its longer side is
   * at most detectionSide. Returns [{ box: {x, y, width, height}, landmarks: {rightEye, leftEye, nose, mouthRight, mouthLeft}, score }].
   */
  async detect(source, width, height) {
    const o = this.options;
    const scale = Math.min(1, o.detectionSide / Math.max(width, height));
    const w = Math.max(1, Math.round(width * scale)), h = Math.max(1, Math.round(height * scale));
    if (!this.canvas) {
      this.canvas = newCanvas(w, h);
      this.ctx = this.canvas.getContext('2d', { willReadFrequently: true });
    }
    if (this.canvas.width !== w || this.canvas.height !== h) { this.canvas.width = w; this.canvas.height = h; }
    this.ctx.drawImage(source, 0, 0, w, h);
    const found = await this.run(this.ctx, w, h);
    return toFrameFaces(found, scale, width, height, o);
  }

  /**
   * RotatingFaceDetector's turned pass: `source` turned by `angle` degrees about its centre (counter-clockwise on screen
   * for positive angles, as cv::getRotationMatrix2D; black beyond the frame, where the server replicates its border),
   * drawn shrunk so that its longer side is at most `side` (detectionSide unless given); each face found turned back into
   * the frame, its box about the mapped centre and its landmarks exactly, as the server's pass does.
   */
  async detectTurned(source, width, height, angle, side = this.options.detectionSide) {
    const o = this.options;
    const scale = Math.min(1, side / Math.max(width, height));
    const w = Math.max(1, Math.round(width * scale)), h = Math.max(1, Math.round(height * scale));
    if (!this.turnCanvas) {
      this.turnCanvas = newCanvas(w, h);
      this.turnCtx = this.turnCanvas.getContext('2d', { willReadFrequently: true });
    }
    if (this.turnCanvas.width !== w || this.turnCanvas.height !== h) { this.turnCanvas.width = w; this.turnCanvas.height = h; }
    const ctx = this.turnCtx;
    // cv::getRotationMatrix2D(centre, angle, 1): turned = (α·x + β·y + tx, −β·x + α·y + ty), then shrunk by `scale`.
    const a = angle * Math.PI / 180, al = Math.cos(a), be = Math.sin(a), cx = width / 2, cy = height / 2;
    const tx = (1 - al) * cx - be * cy, ty = be * cx + (1 - al) * cy;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, w, h);
    // Canvas's setTransform(a, b, c, d, e, f) maps (x, y) to (a·x + c·y + e, b·x + d·y + f).
    ctx.setTransform(scale * al, -scale * be, scale * be, scale * al, scale * tx, scale * ty);
    ctx.drawImage(source, 0, 0, width, height);
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    const found = await this.run(ctx, w, h);
    const back = ([x, y]) => [al * (x - tx) - be * (y - ty), be * (x - tx) + al * (y - ty)];
    const clamp = (v, hi) => Math.min(Math.max(v, 0), hi);
    const faces = [];
    for (const f of toFrameFaces(found, scale, width, height, { ...o, maxFaces: Number.MAX_SAFE_INTEGER })) {
      const b = f.box, [mx, my] = back([b.x + b.width / 2, b.y + b.height / 2]);
      const x1 = clamp(roundHalfEven(mx - b.width / 2), width), y1 = clamp(roundHalfEven(my - b.height / 2), height);
      const x2 = clamp(roundHalfEven(mx - b.width / 2) + b.width, width), y2 = clamp(roundHalfEven(my - b.height / 2) + b.height, height);
      if (x2 - x1 <= 0 || y2 - y1 <= 0) continue;
      const l = f.landmarks;
      faces.push({
        box: { x: x1, y: y1, width: x2 - x1, height: y2 - y1 },
        landmarks: { rightEye: back(l.rightEye), leftEye: back(l.leftEye), nose: back(l.nose), mouthRight: back(l.mouthRight), mouthLeft: back(l.mouthLeft) },
        score: f.score,
      });
    }
    return faces;
  }

  /**
   * YuNetFaceDetector.DetectInWindows: each window ({ box: {x, y, width, height}, roll }) of `source` turned upright by
   * its roll and scaled into a windowSide-pixel tile, the tiles side by side with a black gap in one strip, one model
   * run for all; each tile's faces mapped back to frame pixels as SearchWindow.ToFrame does. Returns one array per window.
   */
  async detectInWindows(source, width, height, windows) {
    const side = this.options.windowSide, gap = 16, pitch = side + gap;
    const w = pitch * windows.length - gap;
    if (!this.strip) {
      this.strip = newCanvas(w, side);
      this.stripCtx = this.strip.getContext('2d', { willReadFrequently: true });
    }
    if (this.strip.width !== w || this.strip.height !== side) { this.strip.width = w; this.strip.height = side; }
    const ctx = this.stripCtx;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, w, side);
    const inverses = windows.map((win, i) => {
      const { forward, inverse } = transform(win, side);
      ctx.save();
      ctx.beginPath();
      ctx.rect(i * pitch, 0, side, side);
      ctx.clip();
      // Canvas's setTransform(a, b, c, d, e, f) maps (x, y) to (a·x + c·y + e, b·x + d·y + f).
      ctx.setTransform(forward[0], forward[3], forward[1], forward[4], forward[2] + i * pitch, forward[5]);
      ctx.drawImage(source, 0, 0, width, height);
      ctx.restore();
      return inverse;
    });
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    const found = await this.run(ctx, w, side);
    const inTile = { ...this.options, minFaceSize: 1, maxFaces: Number.MAX_SAFE_INTEGER };
    return windows.map((win, i) => {
      const left = i * pitch;
      const mine = found
        .filter((f) => f.x + f.w / 2 >= left && f.x + f.w / 2 < left + side)
        .map((f) => ({ ...f, x: f.x - left, points: f.points.map(([x, y]) => [x - left, y]) }));
      return toFrameFaces(mine, 1, side, side, inTile)
        .map((f) => toFrame(win, f, inverses[i], side, width, height))
        .filter((f) => Math.min(f.box.width, f.box.height) >= Math.min(this.options.minFaceSize, 8));
    });
  }

  /** The model on the w × h image drawn in `ctx`, padded to multiples of 32; faces in its pixels. */
  async run(ctx, w, h) {
    const padW = Math.floor((w - 1) / 32) * 32 + 32, padH = Math.floor((h - 1) / 32) * 32 + 32;
    const rgba = ctx.getImageData(0, 0, w, h).data;
    const plane = padW * padH;
    if (!this.input || this.input.length !== 3 * plane) this.input = new Float32Array(3 * plane);
    const input = this.input;
    input.fill(0);
    for (let y = 0; y < h; y++) {
      for (let x = 0, i = y * w * 4, j = y * padW; x < w; x++, i += 4, j++) {
        input[j] = rgba[i + 2]; input[plane + j] = rgba[i + 1]; input[2 * plane + j] = rgba[i];
      }
    }
    const tensor = new this.ort.Tensor('float32', input, [1, 3, padH, padW]);
    const out = await this.session.run({ [this.session.inputNames[0]]: tensor });
    return decode(out, padW, padH, this.options);
  }
}

function newCanvas(w, h) {
  return typeof OffscreenCanvas === 'function' ? new OffscreenCanvas(w, h) : Object.assign(document.createElement('canvas'), { width: w, height: h });
}

/** SearchWindow.Transform: the affine maps (row-major 2×3) from frame pixels to the upright tile and back. */
export function transform(win, side) {
  const b = win.box;
  const s = side / Math.max(1, Math.max(b.width, b.height));
  const a = (win.roll || 0) * Math.PI / 180, cos = Math.cos(a), sin = Math.sin(a);
  const cx = b.x + b.width / 2, cy = b.y + b.height / 2, h = side / 2;
  const forward = [s * cos, s * sin, h - s * (cos * cx + sin * cy), -s * sin, s * cos, h - s * (-sin * cx + cos * cy)];
  const inverse = [cos / s, -sin / s, cx - (cos * h - sin * h) / s, sin / s, cos / s, cy - (sin * h + cos * h) / s];
  return { forward, inverse };
}

/** SearchWindow.ToFrame: a tile's face back in the frame, its box about the mapped centre, sized by the scale; landmarks exactly. */
function toFrame(win, face, inv, side, width, height) {
  const map = ([x, y]) => [inv[0] * x + inv[1] * y + inv[2], inv[3] * x + inv[4] * y + inv[5]];
  const s = side / Math.max(1, Math.max(win.box.width, win.box.height));
  const [cx, cy] = map([face.box.x + face.box.width / 2, face.box.y + face.box.height / 2]);
  const w = face.box.width / s, h = face.box.height / s;
  const clamp = (v, hi) => Math.min(Math.max(v, 0), hi);
  const x1 = clamp(roundHalfEven(cx - w / 2), width), y1 = clamp(roundHalfEven(cy - h / 2), height);
  const x2 = clamp(roundHalfEven(cx - w / 2) + roundHalfEven(w), width), y2 = clamp(roundHalfEven(cy - h / 2) + roundHalfEven(h), height);
  const l = face.landmarks;
  return {
    box: { x: x1, y: y1, width: x2 - x1, height: y2 - y1 },
    landmarks: { rightEye: map(l.rightEye), leftEye: map(l.leftEye), nose: map(l.nose), mouthRight: map(l.mouthRight), mouthLeft: map(l.mouthLeft) },
    score: face.score,
  };
}

/** face_detect.cpp's postprocessing: candidates above the score threshold, then NMS. */
export function decode(out, padW, padH, o) {
  const faces = [];
  for (const stride of strides) {
    const cols = Math.floor(padW / stride), rows = Math.floor(padH / stride);
    const cls = out['cls_' + stride].data, obj = out['obj_' + stride].data, bbox = out['bbox_' + stride].data, kps = out['kps_' + stride].data;
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const idx = r * cols + c;
        const clsScore = Math.min(Math.max(cls[idx], 0), 1), objScore = Math.min(Math.max(obj[idx], 0), 1);
        const score = Math.fround(Math.sqrt(clsScore * objScore));
        if (score < o.scoreThreshold) continue;
        const cx = (c + bbox[idx * 4]) * stride, cy = (r + bbox[idx * 4 + 1]) * stride;
        const w = Math.exp(bbox[idx * 4 + 2]) * stride, h = Math.exp(bbox[idx * 4 + 3]) * stride;
        const points = [];
        for (let n = 0; n < 5; n++) points.push([(kps[idx * 10 + 2 * n] + c) * stride, (kps[idx * 10 + 2 * n + 1] + r) * stride]);
        faces.push({ x: cx - w / 2, y: cy - h / 2, w, h, points, score });
      }
    }
  }
  return nms(faces, o.nmsThreshold, o.topK);
}

/** cv::dnn::NMSBoxes over integer boxes (Rect2i of the truncated coordinates), highest score first. */
export function nms(faces, threshold, topK) {
  const order = faces.map((f, i) => i).sort((a, b) => faces[b].score - faces[a].score).slice(0, topK);
  const rects = faces.map((f) => [Math.trunc(f.x), Math.trunc(f.y), Math.trunc(f.w), Math.trunc(f.h)]);
  const kept = [];
  for (const i of order) {
    let keep = true;
    for (const k of kept) {
      if (iou(rects[i], rects[k]) > threshold) { keep = false; break; }
    }
    if (keep) kept.push(i);
  }
  return kept.map((i) => faces[i]);
}

function iou(a, b) {
  const x1 = Math.max(a[0], b[0]), y1 = Math.max(a[1], b[1]);
  const x2 = Math.min(a[0] + a[2], b[0] + b[2]), y2 = Math.min(a[1] + a[3], b[1] + b[3]);
  const inter = x2 > x1 && y2 > y1 ? (x2 - x1) * (y2 - y1) : 0;
  const union = a[2] * a[3] + b[2] * b[3] - inter;
  return union <= 0 ? 0 : inter / union;
}

/** DetectionFrame.ToFrameFaces: boxes back to frame pixels and clipped, landmarks scaled (not clipped), filtered, sorted. */
export function toFrameFaces(found, scale, width, height, o) {
  const clamp = (v, hi) => Math.min(Math.max(v, 0), hi);
  const faces = [];
  for (const f of found) {
    const x1 = clamp(roundHalfEven(f.x / scale), width), y1 = clamp(roundHalfEven(f.y / scale), height);
    const x2 = clamp(roundHalfEven((f.x + f.w) / scale), width), y2 = clamp(roundHalfEven((f.y + f.h) / scale), height);
    if (Math.min(x2 - x1, y2 - y1) < o.minFaceSize) continue;
    const p = f.points.map(([x, y]) => [x / scale, y / scale]);
    faces.push({
      box: { x: x1, y: y1, width: x2 - x1, height: y2 - y1 },
      landmarks: { rightEye: p[0], leftEye: p[1], nose: p[2], mouthRight: p[3], mouthLeft: p[4] },
      score: f.score,
    });
  }
  const area = (f) => f.box.width * f.box.height;
  faces.sort((a, b) => area(b) - area(a) || a.box.y - b.box.y || a.box.x - b.box.x);
  return faces.slice(0, o.maxFaces);
}
