// The model's spec (the JSON beside the .onnx, EmotionModelSpec in EmoTune.Core): parsed and checked exactly as the
// server checks it, so a model is never run with the wrong preprocessing.
export const classes = ['angry', 'disgust', 'fear', 'happy', 'sad', 'surprise', 'neutral'];

/** Parses and validates a spec; throws an Error that names `source` and what is wrong. */
export function parseSpec(text, source) {
  let raw;
  try { raw = JSON.parse(text); } catch (e) { throw new Error(source + ': not a valid EmoTune model spec: ' + e.message); }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new Error(source + ': empty model spec.');
  const spec = {
    format: raw.format ?? 1,
    inputWidth: raw.input_width ?? 48,
    inputHeight: raw.input_height ?? 48,
    channels: raw.channels ?? 1,
    mean: raw.mean ?? 0.5,
    std: raw.std ?? 0.25,
    classes: raw.classes ?? classes,
    inputName: raw.input_name ?? 'input',
    outputName: raw.output_name ?? 'logits',
    temperature: raw.temperature ?? 1,
  };
  for (const key of ['format', 'inputWidth', 'inputHeight', 'channels', 'mean', 'std', 'temperature']) {
    if (typeof spec[key] !== 'number') throw new Error(source + ': ' + key + ' must be a number.');
  }
  if (spec.format !== 1) throw new Error(source + ': spec format ' + spec.format + ' is not supported (expected 1).');
  if (!Number.isInteger(spec.inputWidth) || !Number.isInteger(spec.inputHeight) || spec.inputWidth < 8 || spec.inputWidth > 1024 || spec.inputHeight < 8 || spec.inputHeight > 1024) {
    throw new Error(source + ': input size ' + spec.inputWidth + 'x' + spec.inputHeight + ' is out of range.');
  }
  if (spec.channels !== 1) throw new Error(source + ': only 1-channel (grey) models are supported, got ' + spec.channels + '.');
  if (!(spec.std > 0) || !Number.isFinite(spec.mean)) throw new Error(source + ': normalisation mean ' + spec.mean + ' / std ' + spec.std + ' is invalid.');
  if (!Array.isArray(spec.classes) || spec.classes.length !== classes.length || spec.classes.some((c, i) => c !== classes[i])) {
    throw new Error(source + ': classes [' + spec.classes + '] differ from FER2013 order [' + classes + '].');
  }
  if (!(spec.temperature >= 0.05 && spec.temperature <= 20)) throw new Error(source + ': temperature ' + spec.temperature + ' is outside 0.05–20.');
  if (typeof spec.inputName !== 'string' || typeof spec.outputName !== 'string') throw new Error(source + ': input_name and output_name must be strings.');
  return spec;
}
