// Landmark alignment, as the server's FaceAligner (EmoTune.Vision) and FaceFraming (EmoTune.Core): eyes level, scaled
// and centred to FER2013's measured framing, in a square crop of the face's own resolution, warped bilinearly with the
// edge pixels repeated. The warp follows OpenCV 4.13's warpAffine for 8-bit grey (inverse map in double, coordinates and
// interpolation in 32-bit floats with fused multiply-adds, round half to even), so the crop has the server's pixels.
const f = Math.fround;

/** FaceFraming.Fer2013: eye midpoint (x, y) and eye distance as fractions of the crop's side. */
export const fer2013Framing = { eyeCentreX: 0.494, eyeCentreY: 0.380, eyeDistance: 0.378 };

/** FaceAligner.MaxScale: the crop is between the model's input side and this many times it. */
export const maxScale = 4;

/** .NET's Math.Round (and OpenCV's cvRound): to the nearest integer, halves to even. */
export function roundHalfEven(v) {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** The square crop's side for a face whose eyes are `landmarks.rightEye`/`leftEye` ([x, y] each). */
export function cropSide(landmarks, framing, inputSide) {
  const [rx, ry] = landmarks.rightEye, [lx, ly] = landmarks.leftEye;
  const eyeDistance = Math.sqrt((lx - rx) * (lx - rx) + (ly - ry) * (ly - ry));
  return Math.min(Math.max(roundHalfEven(eyeDistance / framing.eyeDistance), inputSide), maxScale * inputSide);
}

/** FaceFraming.Transform: the 2×3 map (a, b, c, d, e, f) from frame pixels to the crop. */
export function transform(landmarks, framing, side) {
  let first = landmarks.rightEye, second = landmarks.leftEye;
  if (!(first[0] <= second[0])) [first, second] = [second, first];
  const dx = second[0] - first[0], dy = second[1] - first[1];
  const distance = Math.sqrt(dx * dx + dy * dy);
  if (distance < 1e-6) throw new Error('The eyes coincide: no alignment.');
  const scale = framing.eyeDistance * side / distance;
  const a = scale * dx / distance, b = scale * dy / distance;
  const mx = (first[0] + second[0]) / 2, my = (first[1] + second[1]) / 2;
  return [a, b, framing.eyeCentreX * side - (a * mx + b * my), -b, a, framing.eyeCentreY * side - (-b * mx + a * my)];
}

/**
 * cv::warpAffine(grey, crop, m, side×side, INTER_LINEAR, BORDER_REPLICATE) for 8-bit grey, in OpenCV's fixed point:
 * source coordinates in 1/1024 px rounded to 1/32 px, 32×32 bilinear weights of 15 bits, the sum rounded. The frame is
 * width × height; `src` may hold only the part of it the crop reads (`region`: its left, top and width, see sourceRegion).
 */
export function warpAffine(src, width, height, m, side, dst, region = { x: 0, y: 0, width }) {
  // The inverse map, as OpenCV computes it (double).
  let d = m[0] * m[4] - m[1] * m[3];
  d = d !== 0 ? 1 / d : 0;
  const i0 = m[4] * d, i4 = m[0] * d, i1 = -m[1] * d, i3 = -m[3] * d;
  const i2 = -i0 * m[2] - i1 * m[5], i5 = -i3 * m[2] - i4 * m[5];
  const abScale = 1024, roundDelta = 16;
  const adelta = new Int32Array(side), bdelta = new Int32Array(side);
  for (let x = 0; x < side; x++) { adelta[x] = roundHalfEven(i0 * x * abScale); bdelta[x] = roundHalfEven(i3 * x * abScale); }
  const stride = region.width;
  const short = (v) => (v < -32768 ? -32768 : v > 32767 ? 32767 : v);
  const clampX = (x) => (x < 0 ? 0 : x >= width ? width - 1 : x), clampY = (y) => (y < 0 ? 0 : y >= height ? height - 1 : y);
  for (let y = 0; y < side; y++) {
    const x0 = roundHalfEven((i1 * y + i2) * abScale) + roundDelta, y0 = roundHalfEven((i4 * y + i5) * abScale) + roundDelta;
    for (let x = 0; x < side; x++) {
      const X = (x0 + adelta[x]) >> 5, Y = (y0 + bdelta[x]) >> 5;
      const sx = short(X >> 5), sy = short(Y >> 5), ax = X & 31, ay = Y & 31;
      const w00 = (32 - ax) * (32 - ay) * 32, w01 = ax * (32 - ay) * 32, w10 = (32 - ax) * ay * 32, w11 = ax * ay * 32;
      let p00, p01, p10, p11;
      if (sx >= 0 && sx < width - 1 && sy >= 0 && sy < height - 1) {
        const o = (sy - region.y) * stride + sx - region.x;
        p00 = src[o]; p01 = src[o + 1]; p10 = src[o + stride]; p11 = src[o + stride + 1];
      } else {
        const c0 = clampX(sx) - region.x, c1 = clampX(sx + 1) - region.x, r0 = (clampY(sy) - region.y) * stride, r1 = (clampY(sy + 1) - region.y) * stride;
        p00 = src[r0 + c0]; p01 = src[r0 + c1]; p10 = src[r1 + c0]; p11 = src[r1 + c1];
      }
      dst[y * side + x] = Math.min(255, (p00 * w00 + p01 * w01 + p10 * w10 + p11 * w11 + 16384) >> 15);
    }
  }
  return dst;
}

/**
 * The part of a width × height frame that the warp of a side × side crop by `m` reads: the crop's corners mapped back,
 * two pixels more on every side (bilinear neighbours, rounding), clipped to the frame. {x, y, width, height}.
 */
export function sourceRegion(m, side, width, height) {
  const d = m[0] * m[4] - m[1] * m[3];
  const xs = [], ys = [];
  for (const [u, v] of [[0, 0], [side, 0], [0, side], [side, side]]) {
    const du = u - m[2], dv = v - m[5];
    xs.push((m[4] * du - m[1] * dv) / d); ys.push((-m[3] * du + m[0] * dv) / d);
  }
  const x0 = Math.min(Math.max(Math.floor(Math.min(...xs)) - 2, 0), width - 1), x1 = Math.min(Math.max(Math.ceil(Math.max(...xs)) + 2, 0), width - 1);
  const y0 = Math.min(Math.max(Math.floor(Math.min(...ys)) - 2, 0), height - 1), y1 = Math.min(Math.max(Math.ceil(Math.max(...ys)) + 2, 0), height - 1);
  return { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
}

/**
 * FaceAligner.Align: the aligned grey crop of the face with `landmarks` in a width × height frame; returns {pixels, side}.
 * `readGrey(region)` gives the frame's grey pixels in a region ({x, y, width, height}, row-major, width a row), so only
 * the part the warp reads is ever read.
 */
export function align(readGrey, width, height, landmarks, inputSide, framing = fer2013Framing) {
  const side = cropSide(landmarks, framing, inputSide);
  const m = transform(landmarks, framing, side);
  const region = sourceRegion(m, side, width, height);
  const pixels = new Uint8Array(side * side);
  warpAffine(readGrey(region), width, height, m, side, pixels, region);
  return { pixels, side };
}

/** readGrey for align() over a whole grey frame in memory. */
export function regionOf(grey, width) {
  return (r) => {
    const out = new Uint8Array(r.width * r.height);
    for (let y = 0; y < r.height; y++) out.set(grey.subarray((r.y + y) * width + r.x, (r.y + y) * width + r.x + r.width), y * r.width);
    return out;
  };
}
