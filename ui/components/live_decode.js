// The live control's "decode" layout (Latent space): a code edited by the slider, or a walk from one digit's
// code to another's, decoded in the browser at every position (101 of them) by the model's decoder, the same
// ONNX file the server runs. Where the browser cannot run it, it says so to the server, which then sends its
// own 21 (or 11) decoded pictures instead (the "scrub" layout).
import { fill, make, picture } from "./dom.js";
import { createDecoder } from "./browser_models.js";
import { Latest, unpack } from "./live_browser.js";
import { slider } from "./live_frames.js";
import { drawDigit } from "./pictures.js";

const EDITS = ["unit", "map", "walk"];

function checked(data) {
  const { edit } = data;
  if (!edit || !EDITS.includes(edit.kind) || !Array.isArray(data.shape)) {
    throw new TypeError(`a decode needs an edit (${EDITS.join(", ")}) and the code's shape, got ${JSON.stringify(edit)?.slice(0, 80)}.`);
  }
  const code = unpack(data.code, "the code");
  const units = data.shape.reduce((a, b) => a * b, 1);
  if (code.length !== units) throw new RangeError(`the code has ${code.length} numbers, its shape ${data.shape.join(" x ")} needs ${units}.`);
  return code;
}

/** The code at slider position `share` (0 ... 1): one unit set, one map scaled, or a point on the walk. */
export function editedCode(s, share) {
  const { edit, shape } = s.data;
  const value = edit.from + share * (edit.to - edit.from);
  const code = Float32Array.from(s.code);
  if (edit.kind === "unit") code[edit.index] = value;
  if (edit.kind === "map") for (let i = edit.index; i < code.length; i += shape[shape.length - 1]) code[i] = Math.fround(code[i] * value);
  if (edit.kind === "walk") for (let i = 0; i < code.length; i += 1) code[i] = Math.fround((1 - share) * s.code[i] + share * s.end[i]);
  return { code, value };
}

// The walk's second panel: the two digits blended pixel by pixel, for comparison with the walk through the code.
function blend(s, share) {
  return s.digits[0].map((v, i) => Math.fround((1 - share) * v + share * s.digits[1][i]));
}

function panel(s, title, alt) {
  const figure = picture(null, title, alt);
  const scores = make("div", "live-scores");
  figure.figure.append(scores);
  return { ...figure, scores };
}

/** The layout's entry: where its code cannot be read, the browser says so and the server sends the scrub. */
export function build(s, data) {
  try {
    buildDecode(s, data, slider(s, data));
  } catch (error) {
    s.setStateValue("browser_failed", String(error.message));
  }
}

export function show(s, index) {
  if (s.decodeLatest) showDecoded(s, index);
}

// Builds the slider's panels and opens the decoder (once per model).
function buildDecode(s, data, bar) {
  s.code = checked(data);
  s.end = data.edit.kind === "walk" ? unpack(data.edit.end, "the second digit's code") : null;
  s.digits = data.edit.kind === "walk" ? data.edit.digits.map((d) => unpack(d, "a digit")) : null;
  const grid = make("div", "live-grid live-walk");
  s.panels = data.panels.map(({ title }) => panel(s, title, `${data.labels.reconstruction}: ${title}`));
  grid.append(...s.panels.map((p) => p.figure));
  s.root.append(bar, grid);
  const key = JSON.stringify(data.decoder);
  if (s.decoderKey !== key) {
    s.decoderKey = key;
    s.decoding = createDecoder(data.decoder);
    s.decodeLatest = new Latest((shown) => paintDecoded(s, shown), (error) => s.setStateValue("browser_failed", String(error.message)), s.root);
  }
  s.decoding.catch((error) => s.setStateValue("browser_failed", String(error.message)));
}

// Decodes position `index` of the slider (the latest asked for wins).
function showDecoded(s, index) {
  const share = index / (s.levels.length - 1);
  s.value.textContent = s.levels[index];
  s.input.setAttribute("aria-valuetext", s.levels[index]);
  const { code, value } = editedCode(s, share);
  s.decodeLatest.ask(async () => {
    const decoder = await s.decoding;
    return { index, share, value, digit: await decoder.decode(code, s.data.shape) };
  });
}

function paintDecoded(s, shown) {
  const [through, blended] = s.panels;
  drawDigit(through.img, shown.digit);
  through.scores.textContent = fill(s.data.labels.caption, { value: shown.value, step: shown.index });
  if (blended) drawDigit(blended.img, blend(s, shown.share));
  s.shown += 1;
  Object.assign(s.root.dataset, { level: s.levels[shown.index], value: String(shown.value), framesShown: String(s.shown), engine: "browser" });
}
