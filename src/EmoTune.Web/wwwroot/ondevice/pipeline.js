// The on-device pipeline: camera frame -> YuNet -> alignment by landmarks -> the model's preprocessing -> the emotion
// model (a frame's faces in one run). Everything runs in this page; only the results leave it (see ../app.js).
import { fetchChecked, loadRuntime } from './assets.js';
import { parseSpec } from './spec.js';
import { YuNetDetector } from './yunet.js';
import { FaceFollower } from './follower.js';
import { AlternatingMirrorClassifier, EmotionClassifier } from './classifier.js';
import { align, roundHalfEven } from './align.js';
import { preprocess, rgbaToGrey } from './preprocess.js';

export class OnDevicePipeline {
  constructor(ort, detector, classifier, manifest) {
    this.ort = ort; this.detector = detector; this.classifier = classifier; this.manifest = manifest;
    this.canvas = null; this.batch = null;
    // A followed face is classified in one view a frame, the mirror average taken over two frames.
    this.alternating = new AlternatingMirrorClassifier(classifier);
    // A stream's frames are followed as the server follows them (full detection every Nth frame, windows between).
    this.follower = new FaceFollower(detector, manifest.detector);
  }

  /** Forgets the faces followed so far (a new stream): the next frame gets a full detection. */
  reset() { this.follower.reset(); this.alternating.reset(); }

  /** Loads the runtime, the spec (checked before anything runs) and both models; `progress(text)` hears each step. */
  static async create(manifest, progress = () => {}) {
    if (!manifest.available) throw new Error(manifest.reason || 'The server does not offer on-device mode.');
    progress('loading the model spec');
    const specUrl = manifest.classifier.spec;
    const spec = parseSpec(await fetchChecked(specUrl, "The emotion model's spec", 'text'), specUrl);
    progress('loading the runtime');
    const ort = await loadRuntime(manifest.runtime);
    progress('loading the models');
    const [detectorBytes, classifierBytes] = await Promise.all([
      fetchChecked(manifest.detector.model, 'The face detector (YuNet)'),
      fetchChecked(manifest.classifier.model, 'The emotion model'),
    ]);
    progress('starting the models');
    const options = { executionProviders: ['wasm'], graphOptimizationLevel: 'all' };
    let detectorSession, classifierSession;
    try {
      detectorSession = await ort.InferenceSession.create(new Uint8Array(detectorBytes), options);
    } catch (e) {
      throw new Error('The face detector (' + manifest.detector.model + ') could not be started: ' + e.message);
    }
    try {
      classifierSession = await ort.InferenceSession.create(new Uint8Array(classifierBytes), options);
    } catch (e) {
      throw new Error('The emotion model (' + manifest.classifier.model + ') could not be started: ' + e.message);
    }
    const detector = new YuNetDetector(ort, detectorSession, manifest.detector);
    const classifier = new EmotionClassifier(ort, classifierSession, spec, manifest.classifier.mirrorAverage);
    return new OnDevicePipeline(ort, detector, classifier, manifest);
  }

  get spec() { return this.classifier.spec; }

  /** The WebAssembly threads onnxruntime-web runs on (1 unless the page is cross-origin isolated). */
  get threads() { return this.ort.env.wasm.numThreads; }

  /**
   * One frame of `source` (video or canvas, width × height): its faces, largest first, and the time of each stage (ms).
   * The frame is copied once (a video moves on while the models run); only the parts of it that faces are cut from are
   * read back as pixels and turned grey.
   */
  async process(source, width, height) {
    const t0 = performance.now();
    if (!this.canvas) {
      this.canvas = typeof OffscreenCanvas === 'function' ? new OffscreenCanvas(width, height) : Object.assign(document.createElement('canvas'), { width, height });
      this.ctx = this.canvas.getContext('2d', { willReadFrequently: true });
    }
    if (this.canvas.width !== width || this.canvas.height !== height) { this.canvas.width = width; this.canvas.height = height; }
    this.ctx.drawImage(source, 0, 0, width, height);
    const t1 = performance.now();
    const faces = await this.follower.next(this.canvas, width, height);
    const t2 = performance.now();
    const n = this.spec.inputWidth * this.spec.inputHeight;
    if (!this.batch || this.batch.length < faces.length * n) this.batch = new Float32Array(Math.max(1, faces.length) * n);
    const readGrey = (r) => rgbaToGrey(this.ctx.getImageData(r.x, r.y, r.width, r.height).data, new Uint8Array(r.width * r.height));
    faces.forEach((face, i) => this.crop(readGrey, width, height, face, this.batch, i * n));
    const t3 = performance.now();
    const probabilities = await this.alternating.classify(this.batch, faces.map((f) => f.box));
    const t4 = performance.now();
    return {
      width, height,
      faces: faces.map((f, i) => ({ box: f.box, landmarks: f.landmarks, probabilities: probabilities[i] })),
      timings: { capture: t1 - t0, detect: t2 - t1, align: t3 - t2, classify: t4 - t3, total: t4 - t0 },
    };
  }

  /**
   * FaceCropper.Crop for one face: aligned by its landmarks, or its box grown by the margin; then the preprocessing.
   * `readGrey(region)` gives the grey pixels of a region of the frame ({x, y, width, height}).
   */
  crop(readGrey, width, height, face, batch, offset) {
    const crop = this.manifest.crop, lm = face.landmarks;
    const eyes = lm ? Math.hypot(lm.leftEye[0] - lm.rightEye[0], lm.leftEye[1] - lm.rightEye[1]) : 0;
    if (crop.align && lm && eyes >= 1) {
      const { pixels, side } = align(readGrey, width, height, lm, this.spec.inputWidth, crop.framing);
      preprocess(this.spec, pixels, side, side, side, batch, offset);
      return;
    }
    const b = expand(face.box, crop.margin, width, height);
    if (b.width <= 0 || b.height <= 0) throw new Error('A face box lies outside the ' + width + 'x' + height + ' frame.');
    preprocess(this.spec, readGrey(b), b.width, b.height, b.width, batch, offset);
  }
}

/** FaceBox.Expand: the box grown by `margin` of its size on every side, clipped to the frame. */
export function expand(box, margin, width, height) {
  const dx = roundHalfEven(box.width * margin), dy = roundHalfEven(box.height * margin);
  const clamp = (v, hi) => Math.min(Math.max(v, 0), hi);
  const x1 = clamp(box.x - dx, width), y1 = clamp(box.y - dy, height);
  const x2 = clamp(box.x + box.width + dx, width), y2 = clamp(box.y + box.height + dy, height);
  return { x: x1, y: y1, width: x2 - x1, height: y2 - y1 };
}
