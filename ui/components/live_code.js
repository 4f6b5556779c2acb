// A model's code in the live control's rows: its heatmap with a colour bar, and, under the pointer (or a tap),
// the cell pointed at and its value instead of the code's range.
import { make, picture } from "./dom.js";
import { flip, strip } from "./live_frames.js";
import * as computed from "./live_computed.js";

// The code cell under the pointer, and its value at the level shown: "unit 12: 3.41",
// or "map 5 (2, 1): 0.83" for a conv code's 32 tiled maps of 4 x 4 (the server's strips).
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

/** Method m's code: a canvas the browser draws into (view.code), or the server's strip of every level. */
export function codeCell(s, method, m, view) {
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
