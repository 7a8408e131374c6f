// Where an ONNX model's time goes in onnxruntime-web's WebAssembly backend, operator by operator: the same runtime
// build the page loads (src/EmoTune.Web/ClientLibs, installed by scripts/bootstrap.sh), run here by Node.js instead of
// the browser, with onnxruntime's own profiler. Frames/s and per-stage times of the page itself: `emotune bench browser`.
//
//   node scripts/wasm-profile.mjs models/emotune-fer2013.onnx [--batch 2] [--runs 50] [--threads 1]
//
// Prints the mean wall time of a run, then each node's mean kernel time per run, largest first. Input: random
// N×C×H×W floats in [-2, 2] (the normalised range), shape from the model's spec (<file>.json beside it).
import { existsSync, readFileSync, readdirSync, unlinkSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';

const usage = 'usage: node scripts/wasm-profile.mjs MODEL.onnx [--batch N] [--runs N] [--threads N]';
const args = process.argv.slice(2);
const model = args.find((a, i) => !a.startsWith('--') && (i === 0 || !args[i - 1].startsWith('--')));
const option = (name, fallback) => {
  const i = args.indexOf('--' + name);
  if (i < 0) return fallback;
  const value = Number(args[i + 1]);
  if (!Number.isInteger(value) || value < 1) fail(`--${name} must be a whole number ≥ 1, not "${args[i + 1]}"`);
  return value;
};
function fail(message) { console.error(`wasm-profile: ${message}\n${usage}`); process.exit(2); }

if (!model) fail('no model file given');
if (!existsSync(model)) fail(`${model}: no such file`);
const specPath = model + '.json';
if (!existsSync(specPath)) fail(`${specPath}: the model's spec is missing (every EmoTune model has one beside it)`);
const spec = JSON.parse(readFileSync(specPath, 'utf8'));
const batch = option('batch', 2), runs = option('runs', 50), threads = option('threads', 1);

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ortPath = join(root, 'src/EmoTune.Web/ClientLibs/node_modules/onnxruntime-web/dist/ort.node.min.mjs');
if (!existsSync(ortPath)) fail(`${ortPath} is missing: run scripts/bootstrap.sh (it installs the page's libraries with npm ci)`);
const ort = await import(pathToFileURL(ortPath).href);

// onnxruntime's profiler prints its JSON straight to file descriptor 1 in this build, past console.log: so the runs
// happen in a child process, and this one reads its output.
if (process.env.EMOTUNE_WASM_PROFILE_CHILD) {
  ort.env.wasm.numThreads = threads;
  const session = await ort.InferenceSession.create(model, { executionProviders: ['wasm'], graphOptimizationLevel: 'all', enableProfiling: true });
  const shape = [batch, spec.channels, spec.input_height, spec.input_width];
  const data = Float32Array.from({ length: shape.reduce((a, b) => a * b) }, () => Math.random() * 4 - 2);
  const feeds = { [spec.input_name]: new ort.Tensor('float32', data, shape) };
  for (let i = 0; i < 10; i++) await session.run(feeds);
  const start = performance.now();
  for (let i = 0; i < runs; i++) await session.run(feeds);
  console.log(`WALL ${(performance.now() - start) / runs}`);
  session.endProfiling();
  process.exit(0);
}
const before = new Set(readdirSync('.'));
const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), ...process.argv.slice(2)],
  { env: { ...process.env, EMOTUNE_WASM_PROFILE_CHILD: '1' }, encoding: 'utf8', maxBuffer: 1 << 30 });
if (child.status !== 0) fail(`the profiled run failed (exit ${child.status}):\n${child.stderr}`);
let text = child.stdout;
const wall = Number(/^WALL (\S+)$/m.exec(text)[1]);
for (const f of readdirSync('.').filter((f) => !before.has(f) && f.startsWith('onnxruntime_profile_'))) {
  text = readFileSync(f, 'utf8');
  unlinkSync(f);
}
const events = JSON.parse(text.slice(text.indexOf('['), text.lastIndexOf(']') + 1));
// Only the timed runs: the warm-up's first runs are slower.
const timed = events.filter((e) => e.name === 'model_run').sort((a, b) => a.ts - b.ts).slice(-runs);
const profiled = timed.length, from = timed[0].ts;
const perNode = new Map();
for (const e of events.filter((e) => e.cat === 'Node' && e.name.endsWith('_kernel_time') && e.ts >= from)) {
  const key = `${e.args.op_name} ${e.name.slice(0, -'_kernel_time'.length)}`;
  perNode.set(key, (perNode.get(key) ?? 0) + e.dur / 1000);
}
const total = [...perNode.values()].reduce((a, b) => a + b, 0) / profiled;
console.log(`${model}: batch ${batch}, ${threads} thread(s), ${runs} timed runs: ${wall.toFixed(2)} ms a run, ${(wall / batch).toFixed(2)} ms an image`);
console.log(`kernels ${total.toFixed(2)} ms a run (mean over the ${profiled} timed runs, profiler on)`);
for (const [key, ms] of [...perNode].sort((a, b) => b[1] - a[1])) {
  const share = (100 * ms / profiled / total).toFixed(1).padStart(5);
  console.log(`${(ms / profiled).toFixed(3).padStart(8)} ms ${share} %  ${key}`);
}
