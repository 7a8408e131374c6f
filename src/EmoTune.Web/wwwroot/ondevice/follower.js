// FaceFollower, as the server runs it: YuNet on the whole frame every `fullDetectionEvery` frames and at once when a
// known face is lost; in between, each known face is looked for only in a window around where it was, turned by its
// head tilt (all windows in one small model run). With `rotatedPasses` (the server's Vision:Detection:RotatedPasses),
// the whole frame is also searched turned, in the frame after a full detection, as the server's follower spreads its
// passes; but one turned pass a cycle, +θ and −θ in turn, at half the detection side, where the server runs both at
// full size in every cycle: a whole 640 px pass costs the page 40–60 ms in WebAssembly here, and two a cycle took one
// face from 31 to 18 frames/s, one a cycle to 23–24 (`emotune bench browser`, docs/BENCHMARKS.md). At 320 px a turned
// pass still finds the faces over about 100 px a person in front of their own camera shows. The page is one stream,
// so the server's limit by live streams does not apply.
import { roundHalfEven } from './align.js';

export class FaceFollower {
  /** @param detector a YuNetDetector; @param options { fullDetectionEvery, windowScale, rotatedPasses, maxFaces } */
  constructor(detector, options) {
    this.detector = detector; this.options = options;
    this.known = []; this.sinceFull = 0; this.primed = false; this.fullDetections = 0;
    this.turns = []; this.nextTurn = 0; this.turnedPasses = 0; this.sign = 1;
  }

  /** Forgets the known faces: the next frame gets a full detection. */
  reset() { this.known = []; this.primed = false; this.turns = []; }

  /** The faces in the next frame of the stream (`source` of width × height), largest first. */
  async next(source, width, height) {
    if (this.primed && this.sinceFull < this.options.fullDetectionEvery - 1) {
      if (this.known.length === 0) { this.sinceFull++; return (this.known = await this.turned(source, width, height, [])); }
      const followed = await this.follow(source, width, height);
      if (followed) { this.sinceFull++; return (this.known = await this.turned(source, width, height, followed)); }
    }
    this.sinceFull = 0;
    this.primed = true;
    this.fullDetections++;
    const t = this.options.rotatedPasses || 0;
    this.turns = t > 0 ? [this.sign * t] : [];
    this.sign = -this.sign;
    this.nextTurn = 0;
    let found = await this.detector.detect(source, width, height);
    // Every frame a full detection: the turned pass comes in this frame.
    if (this.options.fullDetectionEvery < 2) found = await this.turned(source, width, height, found);
    return (this.known = found);
  }

  /** The next turned pass of the cycle, if one is due, with the faces it finds that `known` lacks added (RotatingFaceDetector.Merge). */
  async turned(source, width, height, known) {
    if (this.nextTurn >= this.turns.length) return known;
    this.turnedPasses++;
    const more = await this.detector.detectTurned(source, width, height, this.turns[this.nextTurn++], Math.round(this.options.detectionSide / 2));
    const found = [...known];
    for (const face of more) if (found.every((f) => iou(f.box, face.box) < 0.3)) found.push(face);
    const area = (f) => f.box.width * f.box.height;
    return found.sort((a, b) => area(b) - area(a) || a.box.y - b.box.y || a.box.x - b.box.x).slice(0, this.options.maxFaces || found.length);
  }

  async follow(source, width, height) {
    const windows = this.known.map((f) => {
      const b = f.box, side = roundHalfEven(Math.max(b.width, b.height) * this.options.windowScale);
      const cx = b.x + b.width / 2, cy = b.y + b.height / 2;
      return { box: { x: roundHalfEven(cx - side / 2), y: roundHalfEven(cy - side / 2), width: side, height: side }, roll: roll(f.landmarks) };
    });
    const candidates = await this.detector.detectInWindows(source, width, height, windows);
    const found = [];
    for (let i = 0; i < this.known.length; i++) {
      const k = this.known[i].box, kx = k.x + k.width / 2, ky = k.y + k.height / 2;
      const best = candidates[i]
        .filter((c) => found.every((f) => iou(f.box, c.box) < 0.5))
        .map((c) => ({ c, d: Math.abs(c.box.x + c.box.width / 2 - kx) + Math.abs(c.box.y + c.box.height / 2 - ky) }))
        .sort((a, b) => a.d - b.d)[0];
      if (!best) return null;
      found.push(best.c);
    }
    const area = (f) => f.box.width * f.box.height;
    return found.sort((a, b) => area(b) - area(a) || a.box.y - b.box.y || a.box.x - b.box.x);
  }
}

/** FaceLandmarks.RollDegrees: the head's tilt from the eyes, 0 without landmarks. */
function roll(l) {
  return l ? Math.atan2(l.leftEye[1] - l.rightEye[1], l.leftEye[0] - l.rightEye[0]) * 180 / Math.PI : 0;
}

/** FaceBox.IoU. */
export function iou(a, b) {
  const x1 = Math.max(a.x, b.x), y1 = Math.max(a.y, b.y);
  const x2 = Math.min(a.x + a.width, b.x + b.width), y2 = Math.min(a.y + a.height, b.y + b.height);
  const inter = x2 > x1 && y2 > y1 ? (x2 - x1) * (y2 - y1) : 0;
  const union = a.width * a.height + b.width * b.height - inter;
  return union <= 0 ? 0 : inter / union;
}
