// The live control's "rows" layout (Playground: the input, then one row per model with its code, its
// reconstruction and its scores) and "grid" layout (Compare: the input, then one panel per method). The
// browser computes every level's pictures where it can (live_computed.js); else the server's strips flip.
// These are the layouts that send their level to the server when the slider rests.
import { make, picture } from "./dom.js";
import { codeCell } from "./live_code.js";
import * as computed from "./live_computed.js";
import { flip, paintScales, showFrame, showValue, slider, strip } from "./live_frames.js";
import { methodGrid } from "./live_grid.js";

export const sends = true;

export function build(s, data) {
  const body = data.layout === "grid" ? [inputs(s, data), methodGrid(s, data)] : [modelRows(s, data)];
  const status = make("p", "live-status", data.engine === "browser" ? data.labels.loading : data.status || "");
  status.setAttribute("role", "status");
  s.root.append(slider(s, data), status, ...body);
  paintScales(s);
}

export function show(s, index) {
  if (s.data.engine !== "browser") {
    showFrame(s, index);
    return;
  }
  showValue(s, index);
  computed.compute(s, index);  // computed here: the level's pictures come when they are ready
}

// The original and the noisy digit, and the noisy digit's scores: shown once, whatever the layout.
function inputPictures(s, data) {
  const browser = data.engine === "browser";  // canvases the browser draws into, not the server's strips
  const original = picture(browser ? null : data.original, data.labels.original, data.labels.original);
  const noisy = picture(browser ? null : data.noisy, data.labels.noisy, data.labels.noisy);
  const score = make("div", "live-scores");
  score.dataset.method = "noisy";
  if (browser) {
    Object.assign(s.views, { original: original.img, noisy: noisy.img, noisyScore: score });
  } else {
    s.original = original.img;
    strip(s, noisy.img, (d) => d.noisy);
    flip(s, score, (d) => d.noisy_scores, "textContent");
  }
  return { original: original.figure, noisy: noisy.figure, score };
}

function inputs(s, data) {
  const row = make("div", "live-inputs");
  const { original, noisy, score } = inputPictures(s, data);
  noisy.append(score);
  row.append(original, noisy);
  return row;
}

function inputRow(s, data, table) {
  const about = make("div", "live-about");
  const source = make("span", "", data.source);
  about.append(make("strong", "", data.labels.input), source);
  s.sourceText = source;
  const { original, noisy, score } = inputPictures(s, data);
  table.append(about, original, noisy, score);
}

function modelRows(s, data) {
  const table = make("div", "live-table");
  inputRow(s, data, table);
  const heads = [["about", data.labels.model], ["", data.labels.code], ["", data.labels.reconstruction], ["", data.labels.scores]];
  if (data.methods.length) {  // no model chosen: the input and its noise alone, no empty columns
    for (const [extra, text] of heads) table.append(make("div", `live-head ${extra}`, text));
  }
  data.methods.forEach((method, m) => table.append(...modelRow(s, data, method, m)));
  return table;
}

// One model's row: its name, its code (with a colour bar), its reconstruction and scores.
function modelRow(s, data, method, m) {
  const browser = data.engine === "browser";
  const view = {};
  const about = make("div", "live-about");
  about.append(make("strong", "", method.title));
  if (method.note) about.append(make("span", "live-note", method.note));
  const cells = [about, browser || method.codes ? codeCell(s, method, m, view) : make("div")];
  const rebuilt = picture(browser ? null : method.reconstructions, "", `${data.labels.reconstruction}: ${method.title}`);
  const scores = make("div", "live-scores");
  scores.dataset.method = method.name;
  if (browser) {
    Object.assign(view, { rebuilt: rebuilt.img, scores });
    s.views.methods[m] = view;
  } else {
    strip(s, rebuilt.img, (d) => d.methods[m].reconstructions);
    flip(s, scores, (d) => d.methods[m].scores, "textContent");
  }
  return [...cells, rebuilt.figure, scores];
}
