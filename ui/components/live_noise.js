// The live noise control: a real range input over the noise levels. Where the browser runs the models
// (data.engine "browser": the Playground), every level's pictures and scores are computed here, for any
// level and for the drawing under the pen (live_browser.js); elsewhere, and where the browser cannot run
// them, it flips between pictures the server computed for every level. Either way the level is sent once
// the slider rests (released, or no key for 400 ms), never while it moves.
import { make, picture } from "./dom.js";
import * as computed from "./live_computed.js";
import { buildDecode, showDecoded } from "./live_decode.js";
import { codeAt, decodeInto, openDecoder } from "./live_map_decode.js";

const sessions = new WeakMap();
const REST_MS = 400;

function slider(s, data) {
  const bar = make("div", "live-bar");
  const label = make("label", "", data.labels.level);
  const input = make("input");
  input.type = "range";
  input.min = "0";
  input.max = String(data.levels.length - 1);
  input.step = "1";
  input.id = "live-level";
  input.setAttribute("aria-label", data.labels.level);
  label.htmlFor = "live-level";
  const value = make("output", "live-value");
  bar.append(label, input, value, make("span", "live-hint", data.labels.hint));
  input.addEventListener("pointerdown", () => { s.dragging = true; });
  const release = () => { s.dragging = false; rest(s, 0); };
  input.addEventListener("pointerup", release);
  input.addEventListener("pointercancel", release);
  // No "change" listener: a range input fires one on every arrow-key step; keys rest by time instead.
  input.addEventListener("input", () => { show(s, Number(input.value)); if (!s.dragging) rest(s, REST_MS); });
  s.input = input;
  s.value = value;
  return bar;
}

// A text that follows the slider: get(data)[i] at level i.
function flip(s, node, get, property) {
  s.flips.push({ node, get, property });
}

// A picture whose source is a strip of one frame per level, side by side: showing frame i only
// moves the strip (object-position), so no image is decoded while the slider moves.
function strip(s, img, get, aspect) {
  img.classList.add("strip");
  img.style.aspectRatio = String(aspect || 1);
  s.strips.push({ img, get });
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

// The code cell under the pointer, and its value at the level shown: "unit 12: 3.41",
// or "map 5 (2, 1): 0.83" for a conv code's 32 tiled maps of 4 x 4.
function cellText(s, method, img, event) {
  const grid = method.code_cells;
  const box = img.getBoundingClientRect();
  const x = Math.floor(((event.clientX - box.left) / box.width) * grid.columns);
  const y = Math.floor(((event.clientY - box.top) / box.height) * grid.rows);
  if (x < 0 || y < 0 || x >= grid.columns || y >= grid.rows) return "";
  const level = Number(s.input.value);
  if (!grid.values) grid.values = Uint8Array.from(atob(grid.bytes), (c) => c.charCodeAt(0));
  const value = (grid.values[level * grid.rows * grid.columns + y * grid.columns + x] / 255) * grid.tops[level];
  if (!grid.tile) return `${s.data.labels.unit} ${y * grid.columns + x}: ${value.toFixed(2)}`;
  const span = grid.tile + 1;
  if (x % span === grid.tile || y % span === grid.tile) return "";  // the gap between two maps
  const map = Math.floor(y / span) * Math.floor((grid.columns + 1) / span) + Math.floor(x / span);
  return `${s.data.labels.map} ${map} (${y % span}, ${x % span}): ${value.toFixed(2)}`;
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

function codeCell(s, method, m, view) {
  const browser = s.data.engine === "browser";
  const code = picture(browser ? null : method.codes, "", `${method.code_caption} (${method.code_shape})`, "code");
  code.figure.title = method.code_caption;
  if (browser) {
    Object.assign(view, { code: code.img, codeText: code.text });
  } else {
    strip(s, code.img, (d) => d.methods[m].codes, method.code_aspect);
    flip(s, code.text, (d) => d.methods[m].code_ranges, "textContent");
  }
  const scale = make("div", "live-scale");
  s.scales.push({ node: scale, get: (d) => d.methods[m].colour_stops || d.colour_stops });
  code.figure.insertBefore(scale, code.text);
  // Pointing at (or tapping) a cell names it and its value in the caption, instead of the range.
  const range = () => (browser ? computed.codeRange(s, m) : s.data.methods[m].code_ranges[Number(s.input.value)]);
  const cell = (event) => (browser ? computed.cellText(s, m, code.img, event) : cellText(s, s.data.methods[m], code.img, event));
  const point = (event) => { code.text.textContent = cell(event) || range(); };
  code.img.addEventListener("pointermove", point);
  code.img.addEventListener("pointerdown", point);
  code.img.addEventListener("pointerleave", () => { code.text.textContent = range(); });
  return code.figure;
}

function methodGrid(s, data) {
  const grid = make("div", "live-grid");
  const browser = data.engine === "browser";
  data.methods.forEach((method, m) => {
    const alt = `${data.labels.reconstruction}: ${method.title}`;
    const panel = picture(browser ? null : method.reconstructions, method.title, alt);
    const scores = make("div", "live-scores");
    scores.dataset.method = method.name;
    panel.figure.append(scores);
    if (browser) {
      s.views.methods[m] = { rebuilt: panel.img, scores, figure: panel.figure };
    } else {
      strip(s, panel.img, (d) => d.methods[m].reconstructions);
      flip(s, scores, (d) => d.methods[m].scores, "textContent");
    }
    grid.append(panel.figure);
  });
  return grid;
}

// --- The map of a 2-D code: the decoder's digit under the pointer, a pinned point, a walk on a line ---

function place(node, x, y) {
  node.style.left = `${x * 100}%`;
  node.style.top = `${y * 100}%`;
}

function pin(className, text) {
  const node = make("div", `live-pin ${className}`);
  if (text) node.append(make("span", "", text));
  return node;
}

// A decoded digit shown as one tile of the plane's sprite sheet.
function tile(s, caption) {
  const figure = make("figure", "live-tile-figure");
  const box = make("div", "live-tile");
  box.setAttribute("role", "img");
  box.setAttribute("aria-label", caption);  // until a cell is shown, the hint says what will be here
  const canvas = make("canvas");  // the exact point decoded here, over the grid's picture
  canvas.hidden = true;
  box.append(canvas);
  const text = make("figcaption", "", caption);
  figure.append(box, text);
  return { figure, box, text, canvas };
}

// Show the sprite's cell at (x, y), fractions of the map; returns its column and row.
function moveTile(s, box, x, y) {
  const n = s.data.plane.size;
  const column = Math.min(n - 1, Math.max(0, Math.floor(x * n)));
  const row = Math.min(n - 1, Math.max(0, Math.floor(y * n)));
  box.style.backgroundPosition = `${(column / (n - 1)) * 100}% ${(row / (n - 1)) * 100}%`;
  box.style.visibility = "visible";
  return { column, row };
}

function showCell(s, target, x, y, prefix) {
  const n = s.data.plane.size;
  const { column, row } = moveTile(s, target.box, x, y);
  // The exact point, decoded here; else the centre of the grid's cell the server decoded.
  const exact = codeAt(s, x, y);
  const z = decodeInto(s, target, exact) ? exact : codeAt(s, (column + 0.5) / n, (row + 0.5) / n);
  const where = `z = (${z[0].toFixed(2)}, ${z[1].toFixed(2)})`;
  target.text.textContent = `${prefix}: ${where}`;
  target.box.setAttribute("aria-label", `${s.data.labels.decoded} ${where}`);
  s.shown += 1;
  s.root.dataset.framesShown = String(s.shown);
  return { column, row };
}

function planeView(s, data) {
  const wrap = make("div", "live-map");
  const plane = make("div", "live-plane");
  const dots = make("img");
  dots.src = data.plane.scatter;
  dots.alt = data.labels.map_alt;
  dots.draggable = false;
  const line = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  line.setAttribute("viewBox", "0 0 100 100");
  line.setAttribute("preserveAspectRatio", "none");
  line.classList.add("live-line");
  const halo = document.createElementNS("http://www.w3.org/2000/svg", "line");
  const path = document.createElementNS("http://www.w3.org/2000/svg", "line");
  halo.classList.add("halo");
  line.append(halo, path);
  const cursor = pin("cursor");
  const pinned = pin("pinned");
  s.walker = pin("walker");
  s.here = pin("here", data.labels.here);
  s.end = pin("end", data.labels.end);
  s.paths = [halo, path];
  plane.append(dots, line, s.here, s.end, s.walker, pinned, cursor);
  plane.tabIndex = 0;
  plane.setAttribute("aria-label", data.labels.map_hint);
  const under = tile(s, data.labels.map_hint);
  const kept = tile(s, data.labels.pin_hint);
  for (const t of [under, kept]) {
    t.box.style.backgroundImage = `url(${data.plane.sprite})`;
    t.box.style.backgroundSize = `${data.plane.size * 100}% ${data.plane.size * 100}%`;
  }
  s.under = under;
  kept.box.style.visibility = "hidden";  // nothing pinned yet: no picture, only the hint
  const point = (event) => {
    const box = plane.getBoundingClientRect();
    const x = (event.clientX - box.left) / box.width;
    const y = (event.clientY - box.top) / box.height;
    if (x < 0 || y < 0 || x > 1 || y > 1) return null;
    place(cursor, x, y);
    cursor.hidden = false;
    s.cursor = [x, y];
    showCell(s, under, x, y, data.labels.pointer);
    return [x, y];
  };
  plane.addEventListener("pointermove", point);
  plane.addEventListener("pointerdown", (event) => {
    const at = point(event);
    if (!at) return;
    place(pinned, at[0], at[1]);
    pinned.hidden = false;
    showCell(s, kept, at[0], at[1], data.labels.pinned);
  });
  // Arrow keys walk the pointer cell by cell; Enter pins it.
  plane.addEventListener("keydown", (event) => {
    const step = 1 / data.plane.size;
    const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    const [x, y] = s.cursor || [0.5, 0.5];
    if (moves[event.key]) {
      event.preventDefault();
      s.cursor = [Math.min(1, Math.max(0, x + moves[event.key][0])), Math.min(1, Math.max(0, y + moves[event.key][1]))];
      place(cursor, ...s.cursor);
      cursor.hidden = false;
      showCell(s, under, ...s.cursor, data.labels.pointer);
    } else if (event.key === "Enter") {
      place(pinned, x, y);
      pinned.hidden = false;
      showCell(s, kept, x, y, data.labels.pinned);
    }
  });
  cursor.hidden = true;
  pinned.hidden = true;
  const legend = make("div", "live-legend");
  data.plane.colours.forEach((colour, digit) => {
    const key = make("span", "", String(digit));
    key.style.setProperty("--swatch", colour);
    legend.append(key);
  });
  const side = make("div", "live-map-side");
  side.append(under.figure, kept.figure);
  wrap.append(make("div", "live-plane-column"), side);
  wrap.firstChild.append(plane, legend);
  return wrap;
}

// The walk between two digits: the slider moves a point along the line and flips the decoded steps.
function placeWalk(s) {
  const { here, end } = s.data.plane;
  if (!s.cursor) moveTile(s, s.under.box, here.x, here.y);  // before any pointing: this digit's point, not a corner
  for (const [node, at, other] of [[s.here, here, end], [s.end, end, here]]) {
    node.hidden = !at.inside;
    place(node, at.x, at.y);
    node.firstChild.textContent = at.label;
    // Each label on the side away from the other marker, so two digits close together keep both readable.
    node.classList.toggle("label-left", at.x < other.x || (at.x === other.x && node === s.end));
  }
  for (const path of s.paths) {
    path.setAttribute("x1", here.x * 100);
    path.setAttribute("y1", here.y * 100);
    path.setAttribute("x2", end.x * 100);
    path.setAttribute("y2", end.y * 100);
  }
}

function walkPanel(s, data) {
  const grid = methodGrid(s, data);
  grid.classList.add("live-walk");
  return grid;
}

function build(s, data) {
  s.root.replaceChildren();
  s.flips = [];
  s.strips = [];
  s.scales = [];
  s.views = { methods: [] };
  s.root.dataset.engine = data.engine === "browser" ? "loading" : "server";
  s.levels = data.levels;
  if (data.layout === "map") {
    openDecoder(s);
    s.root.append(planeView(s, data), slider(s, data), walkPanel(s, data));
    return;
  }
  if (data.layout === "decode") {  // a code edited, or a walk, decoded here at every position
    try {
      buildDecode(s, data, slider(s, data));
    } catch (error) {
      s.setStateValue("browser_failed", String(error.message));
    }
    return;
  }
  if (data.layout === "scrub") {  // a code edited, or a walk: the slider flips decoded pictures, nothing else
    s.root.append(slider(s, data), walkPanel(s, data));
    return;
  }
  const body = data.layout === "grid" ? [inputs(s, data), methodGrid(s, data)] : [modelRows(s, data)];
  const status = make("p", "live-status", data.engine === "browser" ? data.labels.loading : data.status || "");
  status.setAttribute("role", "status");
  s.root.append(slider(s, data), status, ...body);
  paintScales(s);
}

// A new digit (or pattern) with the same rows: new pictures into the same elements, no DOM rebuilt
// (presentation mode's other colour map included: each colour bar follows its heatmap).
function refill(s) {
  for (const { img, get } of s.strips) img.src = get(s.data);
  paintScales(s);
  if (s.original) s.original.src = s.data.original;
  if (s.sourceText) s.sourceText.textContent = s.data.source;
}

// Each code's colour bar, in the colour map its heatmap is drawn in.
function paintScales(s) {
  for (const { node, get } of s.scales) node.style.background = `linear-gradient(to right, ${get(s.data).join(", ")})`;
}

function show(s, index) {
  if (s.data.layout === "decode") {
    if (s.decodeLatest) showDecoded(s, index);
    return;
  }
  if (s.data.engine === "browser") {  // computed here: the level's pictures come when they are ready
    s.value.textContent = s.levels[index];
    s.input.setAttribute("aria-valuetext", s.levels[index]);
    computed.compute(s, index);
    return;
  }
  for (const { node, get, property } of s.flips) node[property] = get(s.data)[index];
  const position = `${(index / (s.levels.length - 1)) * 100}% 0`;
  for (const { img } of s.strips) img.style.objectPosition = position;
  const level = s.levels[index];
  s.value.textContent = level;
  s.input.setAttribute("aria-valuetext", level);
  s.shown += 1;
  s.root.dataset.level = level;
  s.root.dataset.framesShown = String(s.shown);
  if (s.data.plane) {
    const { here, end } = s.data.plane;
    const share = index / (s.levels.length - 1);
    place(s.walker, here.x + (end.x - here.x) * share, here.y + (end.y - here.y) * share);
  }
}

function rest(s, delay) {
  clearTimeout(s.timer);
  s.timer = setTimeout(() => {
    if (s.data.layout !== "rows" && s.data.layout !== "grid") return;  // a map's or a scrub's step: the browser's alone
    const level = Number(s.levels[Number(s.input.value)]);
    if (level !== s.sent) {
      s.sent = level;
      s.setStateValue("level", level);
    }
  }, delay);
}

export default function (component) {
  const { data, parentElement, setStateValue } = component;
  let s = sessions.get(parentElement);
  if (!s) {
    s = { root: parentElement.querySelector(".live-root"), shown: 0, sent: null, timer: null };
    sessions.set(parentElement, s);
    computed.followPen(s);
  }
  s.setStateValue = setStateValue;
  s.root.classList.toggle("present", Boolean(data.present));
  s.root.dataset.layout = data.layout;
  const fresh = s.signature !== data.signature;  // a new digit, noise kind, pattern or model choice
  const plane = data.plane ? [data.plane.model, data.plane.bounds] : null;
  const shape = JSON.stringify([data.layout, data.engine, data.labels, plane, data.methods.map((m) => [m.name, m.title, m.code_shape])]);
  const rebuilt = fresh && shape !== s.shape;  // other rows or words: build the table again
  s.data = data;
  if (fresh && data.engine === "browser") computed.take(s, data);
  if (rebuilt) {
    s.shape = shape;
    build(s, data);
  } else if (fresh) {
    refill(s);
  }
  s.signature = data.signature;
  // The server's level is taken only when the rows are (re)built (a page opened, a link, another
  // language): after that the slider leads, and the server's level, sent from here, lags behind it.
  if (rebuilt) {
    s.sent = Number(data.levels[data.start]);
    s.input.value = String(data.start);
  }
  if (data.plane) placeWalk(s);
  if (fresh) show(s, Number(s.input.value));
}
