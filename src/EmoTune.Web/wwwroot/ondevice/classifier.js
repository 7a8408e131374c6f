// The emotion model with onnxruntime-web: a frame's faces in one run, each face beside its mirror image when the server
// averages mirrors (MirrorAveragingClassifier), softmax as EmotionScores.FromLogits.
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
    for (let row = 0; row < count * h; row++) {
      const from = row * w, to = count * n + row * w;
      for (let x = 0; x < w; x++) both[to + x] = batch[from + w - 1 - x];
    }
    const logits = await this.logits(both, 2 * count);
    return Array.from({ length: count }, (_, i) => {
      const a = softmax(logits.subarray(i * k, (i + 1) * k), t), b = softmax(logits.subarray((count + i) * k, (count + i + 1) * k), t);
      return a.map((p, j) => Math.fround((p + b[j]) / 2));
    });
  }
}

/** EmotionScores.Softmax: logits divided by the spec's temperature, exp in float, sum in double. */
export function softmax(logits, temperature = 1) {
  let max = -Infinity;
  for (const v of logits) max = Math.max(max, v);
  const t = Math.fround(temperature);
  const e = Array.from(logits, (v) => Math.fround(Math.exp(Math.fround(Math.fround(v - max) / t))));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => Math.fround(v / sum));
}
