// Why a live control's data cannot be drawn, in a few English words ("its data has no levels"), or "" where
// it can. Checked before anything is built: a missing field or a one-level list would otherwise leave an
// empty control, throw half way through building it, or divide by zero (a position is index / (levels - 1)).
// What the browser computes from the data later (a digit's bytes, a model's file) is checked where it is read,
// and a failure there is the browser's own (the server then sends its pictures instead).
import { isObject } from "./dom.js";

const EDITS = ["unit", "map", "walk"];
const NUMERIC = new Set(["rows", "grid", "decode"]);  // levels sent to the server or decoded at: numbers
const BROWSER_LABELS = ["scores_text", "identical", "clean", "code_range", "loading", "browser_failed"];
const LABELS = {
  rows: ["level", "hint", "input", "original", "noisy", "model", "code", "reconstruction", "scores", "unit", "map"],
  grid: ["level", "hint", "original", "noisy", "reconstruction"],
  scrub: ["level", "hint", "reconstruction"],
  map: ["level", "hint", "reconstruction", "map_alt", "map_hint", "pin_hint", "decoded", "here", "end", "pointer", "pinned"],
  decode: ["level", "hint", "reconstruction", "caption"],
};

const isText = (value) => typeof value === "string";
const finite = (value) => (typeof value === "number" || (isText(value) && value.trim() !== "")) && Number.isFinite(Number(value));
const count = (list) => (Array.isArray(list) ? list.length : "none");

// The first problem any of `checks` finds.
function first(checks) {
  for (const check of checks) {
    const found = check();
    if (found) return found;
  }
  return "";
}

/** The problem with `data` (ui/live.py's live_noise, live_map, live_decode, live_scrub), or "". */
export function problem(data) {
  if (!isObject(data)) return "it was handed no data";
  if (!Object.hasOwn(LAYOUTS, data.layout)) return `its layout ${JSON.stringify(data.layout)} is not one of ${Object.keys(LAYOUTS).join(", ")}`;
  return first([
    () => levels(data),
    () => labels(data),
    () => (isText(data.signature) ? "" : "its data has no signature"),
    () => (Array.isArray(data.methods) ? "" : "its data has no list of methods"),
    () => LAYOUTS[data.layout](data),
  ]);
}

function levels(data) {
  const { levels: all, start } = data;
  if (!Array.isArray(all) || !all.length) return "its data has no levels";
  if (all.length < 2) return "its data has one level, and a slider needs two at least";
  const numeric = NUMERIC.has(data.layout);
  if (!all.every((level) => finite(level) || (!numeric && isText(level)))) return `its levels are not all ${numeric ? "numbers" : "texts"}`;
  if (!Number.isInteger(start) || start < 0 || start >= all.length) return `its start is not one of its ${all.length} levels`;
  return "";
}

function labels(data) {
  if (!isObject(data.labels)) return "its data has no labels";
  const names = [...LABELS[data.layout], ...(data.engine === "browser" ? BROWSER_LABELS : [])];
  const missing = names.find((name) => !isText(data.labels[name]));
  return missing ? `its data has no label "${missing}"` : "";
}

function perLevel(data, list, what) {
  const n = data.levels.length;
  return count(list) === n ? "" : `${what} should have one entry per level (${n}), not ${count(list)}`;
}

// Pictures the server computed, one per level in a strip, and a text per level.
function panels(data) {
  return first(data.methods.map((method, m) => () => {
    const what = `method ${m + 1}`;
    if (!isObject(method) || !isText(method.title)) return `${what} has no title`;
    if (!isText(method.reconstructions)) return `${what} has no pictures`;
    return first([() => perLevel(data, method.scores, `${what}'s scores`), () => code(data, method, what)]);
  }));
}

// A code in a row of the server's pictures: its strip, a range per level, its cells and its colours.
function code(data, method, what) {
  if (data.layout !== "rows" || !method.codes) return "";
  const cells = method.code_cells;
  if (!isText(method.codes) || !isText(method.code_caption) || !isText(method.code_shape)) return `${what}'s code has no picture or caption`;
  if (!isObject(cells) || !(cells.rows > 0 && cells.columns > 0) || !isText(cells.bytes)) return `${what}'s code has no cells`;
  if (!Array.isArray(method.colour_stops || data.colour_stops)) return `${what}'s code has no colours`;
  return first([() => perLevel(data, method.code_ranges, `${what}'s code ranges`), () => perLevel(data, cells.tops, `${what}'s code tops`)]);
}

// The rows the browser computes: what it needs to open the models and add the noise.
function computed(data) {
  if (!isObject(data.digit) || !isObject(data.noise) || !isObject(data.lut)) return "its data has no digit, noise or colour map";
  if (!Array.isArray(data.colour_stops)) return "its data has no colours";
  return first(data.methods.map((method, m) => () => {
    const what = `method ${m + 1}`;
    if (!isObject(method) || !isText(method.name) || !isText(method.title)) return `${what} has no name or title`;
    if (method.filter) return "";
    return isObject(method.sha256) && isText(method.code_shape) ? "" : `${what} has no files or code shape`;
  }));
}

function rows(data) {
  if (data.engine === "browser") return computed(data);
  if (!isText(data.original) || !isText(data.noisy)) return "its data has no pictures of the input";
  return first([() => perLevel(data, data.noisy_scores, "the noisy digit's scores"), () => panels(data)]);
}

function scrub(data) {
  return data.methods.length ? panels(data) : "its data has no pictures to flip";
}

function map(data) {
  const { plane } = data;
  if (!isObject(plane) || !isText(plane.scatter) || !isText(plane.sprite)) return "its data has no map";
  if (!(Number.isInteger(plane.size) && plane.size >= 2)) return "its map has no grid of two cells a side at least";
  if (count(plane.bounds) !== 4 || !plane.bounds.every(finite)) return "its map's bounds are not four numbers";
  if (plane.bounds[0] === plane.bounds[1] || plane.bounds[2] === plane.bounds[3]) return "its map has no width or height";
  if (!Array.isArray(plane.colours)) return "its map has no colours";
  const marker = (at) => isObject(at) && finite(at.x) && finite(at.y) && isText(at.label);
  if (!marker(plane.here) || !marker(plane.end)) return "its map has no walk (two points with a label each)";
  return scrub(data);
}

function decode(data) {
  const { edit } = data;
  if (!isObject(data.decoder) || !isObject(data.code)) return "its data has no decoder or code";
  if (!Array.isArray(data.shape) || !data.shape.length || !data.shape.every((n) => Number.isInteger(n) && n > 0)) return "its code has no shape";
  if (!isObject(edit) || !EDITS.includes(edit.kind)) return `its edit is not one of ${EDITS.join(", ")}`;
  if (!finite(edit.from) || !finite(edit.to)) return "its edit has no range of numbers";
  if (edit.kind !== "walk" && !Number.isInteger(edit.index)) return "its edit has no unit or map";
  if (edit.kind === "walk" && (!isObject(edit.end) || count(edit.digits) !== 2)) return "its walk has no second code or digits";
  if (!Array.isArray(data.panels) || !data.panels.length || !data.panels.every((p) => isObject(p) && isText(p.title))) return "its data has no panels";
  return "";
}

const LAYOUTS = { rows, grid: rows, scrub, map, decode };
