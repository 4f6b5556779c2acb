// The live control's "map" layout (Latent space, a 2-D code): the test digits' codes as dots, the decoder's
// digit under the pointer and at a pinned point, and a walk between two digits on a line, which the slider
// moves along. The browser decodes the exact point where it can (live_map_decode.js), else the server's grid.
import { make } from "./dom.js";
import { showFrame, slider } from "./live_frames.js";
import { walkPanel } from "./live_grid.js";
import { codeAt, decodeInto, openDecoder } from "./live_map_decode.js";

const SVG = "http://www.w3.org/2000/svg";

export function build(s, data) {
  openDecoder(s);
  s.root.append(planeView(s, data), slider(s, data), walkPanel(s, data));
}

/** The walk's step: its pictures, and the walker's point on the line. */
export function show(s, index) {
  showFrame(s, index);
  const { here, end } = s.data.plane;
  const share = index / (s.levels.length - 1);
  place(s.walker, here.x + (end.x - here.x) * share, here.y + (end.y - here.y) * share);
}

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
function tile(data, caption) {
  const figure = make("figure", "live-tile-figure");
  const box = make("div", "live-tile");
  box.setAttribute("role", "img");
  box.setAttribute("aria-label", caption);  // until a cell is shown, the hint says what will be here
  box.style.backgroundImage = `url(${data.plane.sprite})`;
  box.style.backgroundSize = `${data.plane.size * 100}% ${data.plane.size * 100}%`;
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

// The line between the walk's two digits: a halo under it keeps it visible over the dots.
function walkLine(s) {
  const line = document.createElementNS(SVG, "svg");
  line.setAttribute("viewBox", "0 0 100 100");
  line.setAttribute("preserveAspectRatio", "none");
  line.classList.add("live-line");
  const halo = document.createElementNS(SVG, "line");
  const path = document.createElementNS(SVG, "line");
  halo.classList.add("halo");
  line.append(halo, path);
  s.paths = [halo, path];
  return line;
}

// The plane itself: the dots, the walk's line and markers, the pointer's and the pinned point.
function plane(s, data) {
  const node = make("div", "live-plane");
  const dots = make("img");
  Object.assign(dots, { src: data.plane.scatter, alt: data.labels.map_alt, draggable: false });
  const marks = { cursor: pin("cursor"), pinned: pin("pinned") };
  s.walker = pin("walker");
  s.here = pin("here", data.labels.here);
  s.end = pin("end", data.labels.end);
  node.append(dots, walkLine(s), s.here, s.end, s.walker, marks.pinned, marks.cursor);
  node.tabIndex = 0;
  node.setAttribute("aria-label", data.labels.map_hint);
  marks.cursor.hidden = true;
  marks.pinned.hidden = true;
  return { node, ...marks };
}

// The pointer shows the digit under it; a press (or Enter) pins it; arrow keys walk the pointer cell by cell.
function follow(s, data, view) {
  const { node, cursor, pinned, under, kept } = view;
  const aim = (x, y) => {
    s.cursor = [x, y];
    place(cursor, x, y);
    cursor.hidden = false;
    showCell(s, under, x, y, data.labels.pointer);
  };
  const pinAt = (x, y) => {
    place(pinned, x, y);
    pinned.hidden = false;
    showCell(s, kept, x, y, data.labels.pinned);
  };
  const point = (event) => {
    const box = node.getBoundingClientRect();
    const x = (event.clientX - box.left) / box.width;
    const y = (event.clientY - box.top) / box.height;
    if (x < 0 || y < 0 || x > 1 || y > 1) return null;
    aim(x, y);
    return [x, y];
  };
  node.addEventListener("pointermove", point);
  node.addEventListener("pointerdown", (event) => { const at = point(event); if (at) pinAt(...at); });
  node.addEventListener("keydown", (event) => keys(s, data, event, aim, pinAt));
}

function keys(s, data, event, aim, pinAt) {
  const step = 1 / data.plane.size;
  const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
  const [x, y] = s.cursor || [0.5, 0.5];
  const inside = (v) => Math.min(1, Math.max(0, v));
  if (moves[event.key]) {
    event.preventDefault();
    aim(inside(x + moves[event.key][0]), inside(y + moves[event.key][1]));
  } else if (event.key === "Enter") {
    pinAt(x, y);
  }
}

function legend(data) {
  const node = make("div", "live-legend");
  data.plane.colours.forEach((colour, digit) => {
    const key = make("span", "", String(digit));
    key.style.setProperty("--swatch", colour);
    node.append(key);
  });
  return node;
}

function planeView(s, data) {
  const view = plane(s, data);
  view.under = tile(data, data.labels.map_hint);
  view.kept = tile(data, data.labels.pin_hint);
  view.kept.box.style.visibility = "hidden";  // nothing pinned yet: no picture, only the hint
  s.under = view.under;
  follow(s, data, view);
  const column = make("div", "live-plane-column");
  column.append(view.node, legend(data));
  const side = make("div", "live-map-side");
  side.append(view.under.figure, view.kept.figure);
  const wrap = make("div", "live-map");
  wrap.append(column, side);
  return wrap;
}

/** The walk between two digits on the map: its markers and line (on every rerun: another end digit moves them). */
export function placed(s) {
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
