// The one preprocessing (EmoTune.Core/ModelSpec/Preprocessor.cs, line for line): grey 8-bit image -> the model's input
// size (area averaging when shrinking, bilinear with half-pixel centres when enlarging) -> (p / 255 - mean) / std.
// Every step rounds to 32-bit floats as .NET's float arithmetic does (Math.fround), so the numbers are the same bits.
const f = Math.fround;

/** OpenCV's BGR2GRAY / RGBA2GRAY for 8-bit pixels (fixed point, 14 bits): what the server's frames go through. */
export function rgbaToGrey(rgba, grey) {
  for (let i = 0, j = 0; j < grey.length; i += 4, j++) {
    grey[j] = (rgba[i] * 4899 + rgba[i + 1] * 9617 + rgba[i + 2] * 1868 + 8192) >> 14;
  }
  return grey;
}

function weights(inSize, outSize) {
  const result = new Array(outSize);
  const ratio = inSize / outSize;
  for (let o = 0; o < outSize; o++) {
    if (ratio > 1) {
      const a = o * ratio, b = (o + 1) * ratio;
      const first = Math.floor(a), last = Math.min(inSize - 1, Math.ceil(b) - 1);
      const w = new Float32Array(last - first + 1);
      for (let i = first; i <= last; i++) w[i - first] = (Math.min(b, i + 1) - Math.max(a, i)) / ratio;
      result[o] = { start: first, w };
    } else {
      const c = (o + 0.5) * ratio - 0.5;
      const i0 = Math.floor(c);
      const t = f(c - i0);
      const lo = Math.min(Math.max(i0, 0), inSize - 1), hi = Math.min(Math.max(i0 + 1, 0), inSize - 1);
      result[o] = lo === hi ? { start: lo, w: Float32Array.of(1) } : { start: lo, w: Float32Array.of(f(1 - t), t) };
    }
  }
  return result;
}

/** Separable resampling of 8-bit grey into floats in [0, 255] (Preprocessor.Resample). */
export function resample(src, width, height, stride, dst, outW, outH) {
  const xw = weights(width, outW), yw = weights(height, outH);
  const rows = new Float32Array(height * outW);
  for (let y = 0; y < height; y++) {
    const base = y * stride;
    for (let ox = 0; ox < outW; ox++) {
      const { start, w } = xw[ox];
      let acc = 0;
      for (let k = 0; k < w.length; k++) acc = f(acc + f(src[base + start + k] * w[k]));
      rows[y * outW + ox] = acc;
    }
  }
  for (let oy = 0; oy < outH; oy++) {
    const { start, w } = yw[oy];
    const out = oy * outW;
    for (let ox = 0; ox < outW; ox++) dst[out + ox] = 0;
    for (let k = 0; k < w.length; k++) {
      const row = (start + k) * outW, wk = w[k];
      for (let ox = 0; ox < outW; ox++) dst[out + ox] = f(dst[out + ox] + f(rows[row + ox] * wk));
    }
  }
}

/**
 * Resamples and normalises a grey image (row-major, `stride` bytes a row) into `destination` at `offset`
 * (spec.inputWidth × spec.inputHeight floats), as Preprocessor.Process.
 */
export function preprocess(spec, grey, width, height, stride, destination, offset = 0) {
  const outW = spec.inputWidth, outH = spec.inputHeight, n = outW * outH;
  if (width <= 0 || height <= 0 || stride < width || grey.length < stride * (height - 1) + width) {
    throw new Error('Image buffer of ' + grey.length + ' bytes does not hold ' + width + 'x' + height + ' pixels with stride ' + stride + '.');
  }
  const std = f(spec.std), mean = f(spec.mean);
  const scale = f(1 / f(255 * std)), shift = f(mean / std);
  const dst = destination.subarray(offset, offset + n);
  if (width === outW && height === outH) {
    for (let y = 0; y < outH; y++) {
      for (let x = 0; x < outW; x++) dst[y * outW + x] = f(f(grey[y * stride + x] * scale) - shift);
    }
    return;
  }
  resample(grey, width, height, stride, dst, outW, outH);
  for (let i = 0; i < n; i++) dst[i] = f(f(dst[i] * scale) - shift);
}
