// The emotion model with onnxruntime-web: a frame's faces in one run, each face beside its mirror image when the server
// averages mirrors (MirrorAveragingClassifier), softmax as EmotionScores.FromLogits; on a stream, the mirror average
// spread over two frames (AlternatingMirrorClassifier).
import { iou } from './follower.js';

export class EmotionClassifier {
  constructor(ort, session, spec, mirrorAverage) {
    this.ort = ort; this.session = session; this.spec = spec; this.mirrorAverage = mirrorAverage;
    const input = session.inputNames.includes(spec.inputName), output = session.outputNames.includes(spec.outputName);
    if (!input || !output) {
      throw new Error('The emotion model does not match its spec: it has inputs [' + session.inputNames + '] and outputs [' + session.outputNames
        + '], the spec names input "' + spec.inputName + '" and output "' + spec.outputName + '".');
    }
  }

  /** Raw logits of `count` preprocessed images (count × 7 floats). */
  async logits(batch, count) {
    const { inputWidth: w, inputHeight: h } = this.spec;
    const tensor = new this.ort.Tensor('float32', batch.subarray(0, count * w * h), [count, 1, h, w]);
    const out = await this.session.run({ [this.spec.inputName]: tensor });
    const logits = out[this.spec.outputName];
    if (logits.dims.length !== 2 || logits.dims[0] !== count || logits.dims[1] !== this.spec.classes.length) {
      throw new Error('The emotion model answered a [' + logits.dims + '] tensor; [' + count + ', ' + this.spec.classes.length + '] expected.');
    }
    return logits.data;
  }

  /** Probabilities (arrays of 7, FER2013 order) of `count` preprocessed images in `batch`. */
  async classify(batch, count) {
    if (count === 0) return [];
    const { inputWidth: w, inputHeight: h, temperature: t } = this.spec, n = w * h, k = this.spec.classes.length;
    if (!this.mirrorAverage) {
      const logits = await this.logits(batch, count);
      return Array.from({ length: count }, (_, i) => softmax(logits.subarray(i * k, (i + 1) * k), t));
    }
    const both = new Float32Array(2 * count * n);
    both.set(batch.subarray(0, count * n));
    mirrorInto(batch, 0, both, count * n, w, count * h);
    const logits = await this.logits(both, 2 * count);
    return Array.from({ length: count }, (_, i) =>
      mirrorMean(softmax(logits.subarray(i * k, (i + 1) * k), t), softmax(logits.subarray((count + i) * k, (count + i + 1) * k), t)));
  }
}

/**
 * Mirror averaging spread over a stream's frames. A face the page already followed in the frame before is classified
 * once, in the view (as seen or mirrored) it was not classified in then, and its probabilities are the mean of the two
 * last passes; a face new to the stream gets both views at once. On a still scene that is exactly the server's mirror
 * average (MirrorAveragingClassifier), from the second frame on at half the cost; on a moving face the two views are one
 * frame apart. Faces are matched to the frame before by their boxes (intersection over union ≥ `minIoU`).
 */
export class AlternatingMirrorClassifier {
  constructor(classifier, minIoU = 0.5) {
    this.classifier = classifier; this.minIoU = minIoU; this.previous = [];
    /** Images the model has classified, and faces it has answered for, since the page opened. */
    this.images = 0; this.faces = 0;
  }

  /** Forgets the faces of the frame before (a new stream): every face gets both views again. */
  reset() { this.previous = []; }

  /** Probabilities of the `boxes.length` preprocessed faces in `batch`, whose boxes in the frame are `boxes`. */
  async classify(batch, boxes) {
    const count = boxes.length;
    if (count === 0) { this.previous = []; return []; }
    if (!this.classifier.mirrorAverage) {
      this.images += count; this.faces += count;
      const result = await this.classifier.classify(batch, count);
      this.previous = [];
      return result;
    }
    const { inputWidth: w, inputHeight: h, temperature: t } = this.classifier.spec, n = w * h, k = this.classifier.spec.classes.length;
    // Each face's match in the frame before, the best overlap first, each match used once.
    const matches = new Array(count).fill(null), pairs = [];
    boxes.forEach((b, i) => this.previous.forEach((p, j) => { const o = iou(b, p.box); if (o >= this.minIoU) pairs.push({ i, j, o }); }));
    const used = new Set();
    for (const { i, j } of pairs.sort((a, b) => b.o - a.o)) {
      if (matches[i] === null && !used.has(j)) { matches[i] = this.previous[j]; used.add(j); }
    }
    // The images of this run: per face, the view due (or both views), as seen or mirrored.
    const plan = matches.map((m) => (m ? [!m.mirrored] : [false, true]));
    const total = plan.reduce((a, views) => a + views.length, 0);
    const images = new Float32Array(total * n);
    let at = 0;
    plan.forEach((views, i) => views.forEach((mirrored) => {
      const from = i * n, to = at++ * n;
      if (mirrored) mirrorInto(batch, from, images, to, w, h);
      else images.set(batch.subarray(from, from + n), to);
    }));
    const logits = await this.classifier.logits(images, total);
    this.images += total; this.faces += count;
    const next = [], result = [];
    at = 0;
    plan.forEach((views, i) => {
      const passes = views.map(() => softmax(logits.subarray(at * k, ++at * k), t));
      const last = passes[passes.length - 1], other = passes.length === 2 ? passes[0] : matches[i].probabilities;
      result.push(views[views.length - 1] ? mirrorMean(other, last) : mirrorMean(last, other));
      next.push({ box: boxes[i], mirrored: views[views.length - 1], probabilities: last });
    });
    this.previous = next;
    return result;
  }
}

/** Writes the `h` rows of `w` values at `from` in `src` at `to` in `dst`, each row mirrored left to right. */
function mirrorInto(src, from, dst, to, w, h) {
  for (let row = 0; row < h; row++) {
    const a = from + row * w, b = to + row * w;
    for (let x = 0; x < w; x++) dst[b + x] = src[a + w - 1 - x];
  }
}

/** MirrorAveragingClassifier's mean of a face's two passes, in float32, with the view as seen as the first term. */
function mirrorMean(seen, mirror) { return seen.map((p, j) => Math.fround((p + mirror[j]) / 2)); }

/** EmotionScores.Softmax: logits divided by the spec's temperature, exp in float, sum in double. */
export function softmax(logits, temperature = 1) {
  let max = -Infinity;
  for (const v of logits) max = Math.max(max, v);
  const t = Math.fround(temperature);
  const e = Array.from(logits, (v) => Math.fround(Math.exp(Math.fround(Math.fround(v - max) / t))));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => Math.fround(v / sum));
}
