// The live control's rows when the browser computes them (data.engine "browser"): the models open once
// per page, each level (or stroke) is computed by live_browser.js and drawn here into the rows' canvases.
// If the browser cannot run the models it says why, in the control and to the server, which then sends
// pictures it computed itself.
import { fill } from "./dom.js";
import { decodeFields, Engine, Latest, unpack, unpackDigit } from "./live_browser.js";
import { codeLayout, drawCode, drawDigit } from "./pictures.js";
import { digitFromPixels } from "./preprocess.js";

const IDENTICAL_DB = 99;  // as dae/render/frames.py: an exact copy says so instead of 100 dB

function scoreText(labels, psnr, ssim) {
  return psnr >= IDENTICAL_DB ? labels.identical : fill(labels.scores_text, { psnr, ssim });
}

/** Takes a rerun's data: the models (opened again only when they change), the digit and the noise. */
export function take(s, data) {
  const models = JSON.stringify(data.methods.map(({ name, sha256 }) => [name, sha256]));
  try {
    if (s.modelsKey !== models) {
      s.modelsKey = models;
      s.engine = new Engine(data.methods);
      s.engine.ready.catch((error) => cannot(s, error));
      s.latest = new Latest((frame) => paint(s, frame), (error) => cannot(s, error), s.root);
    }
    s.digit = unpackDigit(data.digit);
    s.noise = decodeFields(data.noise);
    s.lut = unpack(data.lut, "the colour map");
    s.penDigit = null;  // the server's digit (after a pen lift, the drawing's): the browser's own one is done
    s.sorted = false;  // Compare's grid: ordered best first by the first level computed for this digit
  } catch (error) {
    cannot(s, error);
  }
}

/** Computes the level at slider position `index` (the latest asked for wins). */
export function compute(s, index) {
  if (!s.engine || s.failed) return;
  const level = Number(s.levels[index]);
  s.latest.ask(() => s.engine.frame(s.penDigit || s.digit, s.noise, level));
}

function cannot(s, error) {
  if (s.failed) return;
  s.failed = String(error?.message || error);
  const note = s.root.querySelector(".live-status");
  if (note) note.textContent = `${s.data.labels.browser_failed} (${s.failed})`;
  s.root.dataset.engine = "failed";
  s.setStateValue("browser_failed", s.failed);
}

/** One computed level into the rows: pictures, scores, code ranges. */
export function paint(s, frame) {
  const { labels } = s.data;
  drawDigit(s.views.original, frame.digit);
  drawDigit(s.views.noisy, frame.noisy);
  s.views.noisyScore.textContent = frame.level === 0 ? labels.clean : scoreText(labels, frame.psnr, frame.ssim);
  frame.methods.forEach((method, m) => {
    const view = s.views.methods[m];
    if (!view) return;
    if (view.code && method.code) {  // a model's row (a filter has no code, and Compare's grid shows none)
      view.layout ??= codeLayout(method.codeShape);
      view.top = drawCode(view.code, method.code, view.layout, s.lut);
      view.codeText.textContent = fill(labels.code_range, { shape: s.data.methods[m].code_shape, top: view.top });
    }
    drawDigit(view.rebuilt, method.reconstruction);
    view.scores.textContent = scoreText(labels, method.psnr, method.ssim);
  });
  if (!s.sorted) bestFirst(s, frame);
  s.frame = frame;
  s.shown += 1;
  const status = s.root.querySelector(".live-status");
  if (status) status.textContent = "";
  Object.assign(s.root.dataset, { engine: "browser", level: s.levels[Math.round(frame.level * (s.levels.length - 1))], framesShown: String(s.shown) });
}

// Compare's grid, best PSNR first at the level it opened with (the order then stays while the slider moves):
// the panels themselves move, so a screen reader reads them in the order they are seen.
function bestFirst(s, frame) {
  s.sorted = true;
  const ranks = frame.methods.map((method, m) => [m, method.psnr]).sort((a, b) => b[1] - a[1]);
  for (const [m] of ranks) {
    const figure = s.views.methods[m]?.figure;
    figure?.parentElement.append(figure);
  }
}

/** The code cell under the pointer and its value in the frame shown ("unit 12: 3.41", "map 5 (2, 1): 0.83"). */
export function cellText(s, m, img, event) {
  const view = s.views.methods[m];
  const code = s.frame?.methods[m]?.code;
  if (!view?.layout || !code) return "";
  const { rows, columns, tile, at } = view.layout;
  const box = img.getBoundingClientRect();
  const x = Math.floor(((event.clientX - box.left) / box.width) * columns);
  const y = Math.floor(((event.clientY - box.top) / box.height) * rows);
  if (x < 0 || y < 0 || x >= columns || y >= rows || at[y * columns + x] < 0) return "";
  const value = code[at[y * columns + x]].toFixed(2);
  if (!tile) return `${s.data.labels.unit} ${y * columns + x}: ${value}`;
  const span = tile + 1;
  const map = Math.floor(y / span) * Math.floor((columns + 1) / span) + Math.floor(x / span);
  return `${s.data.labels.map} ${map} (${y % span}, ${x % span}): ${value}`;
}

export function codeRange(s, m) {
  const view = s.views.methods[m];
  return view?.top === undefined ? "" : fill(s.data.labels.code_range, { shape: s.data.methods[m].code_shape, top: view.top });
}

/** The drawing pad's pixels while the pen moves (draw_pad.js's "dae-drawing" event): the rows follow the
 *  drawing as it is now, turned into a digit here as the server will once the pen lifts. */
export function followPen(s) {
  document.addEventListener("dae-drawing", (event) => {
    if (!s.root.isConnected || s.failed || !s.engine) return;
    const { pixels, width, height } = event.detail;
    let drawn;
    try {
      drawn = digitFromPixels(pixels, width, height);
    } catch {
      return;  // not a drawing this control can read: the server's digit stays
    }
    s.penDigit = drawn.digit || null;
    compute(s, Number(s.input.value));
  });
}
