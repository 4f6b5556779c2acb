// Pictures the browser computes, drawn as the server's dae/render/pictures.py draws them: a digit in grey,
// a code as a heatmap from 0 to its own largest value (a flat code as a near-square grid, a conv code as
// its maps tiled 8 to a row with white gaps). One canvas pixel per cell; CSS scales it up, pixelated.

export const SIDE = 28;

/** The most square rows x columns for a flat code (64 -> 8 x 8, 128 -> 8 x 16), as pictures.grid_shape. */
export function gridShape(units) {
  let rows = Math.floor(Math.sqrt(units));
  while (units % rows) rows -= 1;
  return [rows, units / rows];
}

/** Where each of a code's values is drawn: {rows, columns, tile, at}, at[cell] = the value's index or -1 (a gap).
 *  `shape` is the code's shape without the batch: [units] or [height, width, maps]. */
export function codeLayout(shape) {
  if (!Array.isArray(shape) || !shape.length || shape.some((size) => !(Number.isInteger(size) && size > 0))) {
    throw new TypeError(`a code's shape must be a list of positive sizes, got ${JSON.stringify(shape)}.`);
  }
  if (shape.length === 1) {
    const [rows, columns] = gridShape(shape[0]);
    return { rows, columns, tile: 0, at: Int32Array.from({ length: shape[0] }, (_, i) => i) };
  }
  if (shape.length !== 3) throw new TypeError(`a code is flat or height x width x maps, got ${shape.join(" x ")}.`);
  const [height, width, maps] = shape;
  const perRow = 8;  // as pictures.code_layouts' mosaic(columns=8), one pixel between two maps
  const tileRows = Math.ceil(maps / perRow);
  const rows = tileRows * (height + 1) - 1;
  const columns = perRow * (width + 1) - 1;
  const at = new Int32Array(rows * columns).fill(-1);
  for (let map = 0; map < maps; map += 1) {
    const top = Math.floor(map / perRow) * (height + 1);
    const left = (map % perRow) * (width + 1);
    for (let y = 0; y < height; y += 1) {
      for (let x = 0; x < width; x += 1) at[(top + y) * columns + left + x] = (y * width + x) * maps + map;
    }
  }
  return { rows, columns, tile: height === width ? height : 0, at };
}

function canvasFor(canvas, width, height) {
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  return canvas.getContext("2d");
}

/** A digit (784 values in [0, 1], row by row) in grey, as pictures.grey: round(clip(v) * 255). */
export function drawDigit(canvas, digit) {
  if (!(digit instanceof Float32Array) || digit.length !== SIDE * SIDE) {
    throw new TypeError(`a digit is a Float32Array of ${SIDE * SIDE} values, got ${digit?.length ?? typeof digit}.`);
  }
  const ctx = canvasFor(canvas, SIDE, SIDE);
  const image = ctx.createImageData(SIDE, SIDE);
  for (let i = 0; i < digit.length; i += 1) {
    const grey = Math.round(Math.min(1, Math.max(0, digit[i])) * 255);
    image.data.set([grey, grey, grey, 255], i * 4);
  }
  ctx.putImageData(image, 0, 0);
}

/** The largest value of a code (0 when none is above 0: a code of zeros is drawn all dark). */
export function codeTop(code) {
  let top = -Infinity;
  for (const value of code) if (value > top) top = value;
  return top;
}

/** A code as a heatmap through `lut` (256 x RGB bytes), each cell value / the code's largest value, as
 *  pictures.code_strip does; a gap between maps is white. */
export function drawCode(canvas, code, layout, lut) {
  if (!(lut instanceof Uint8Array) || lut.length !== 256 * 3) throw new TypeError("a colour map is 256 RGB colours.");
  const top = codeTop(code);
  const scale = top > 0 ? top : 1;
  const ctx = canvasFor(canvas, layout.columns, layout.rows);
  const image = ctx.createImageData(layout.columns, layout.rows);
  layout.at.forEach((index, cell) => {
    if (index < 0) {
      image.data.set([255, 255, 255, 255], cell * 4);
      return;
    }
    const scaled = Math.fround(code[index] / scale);
    const entry = Math.min(255, Math.max(0, Math.trunc(scaled * 255))) * 3;
    image.data.set([lut[entry], lut[entry + 1], lut[entry + 2], 255], cell * 4);
  });
  ctx.putImageData(image, 0, 0);
  return top;
}
