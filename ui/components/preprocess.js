// The drawing pad's pixels -> the 28 x 28 digit the server would make of the same drawing, in the browser.
//
// Why: so the page can show and denoise a drawing the moment the pen lifts, without a round trip to the
// server. The server stays the reference (dae/preprocess.py: to_mnist on the pad's PNG), so this module
// repeats its arithmetic step for step rather than approximating it: the same 8-bit grey levels the PNG
// decodes to, numpy's median and 99.5th percentile (linear interpolation) and float32 arithmetic, Python's
// round-half-to-even, numpy's pairwise sums for the centre of mass, and Pillow 13's LANCZOS resampling of a
// float image. A drawing gives the server's digit to within float32 rounding (~1e-7), which
// tests/e2e/test_browser_preprocess.py checks on real canvas drawings. Photos are the server's job only.
//
// digitFromPixels(rgba, width, height), rgba as from getImageData(0, 0, width, height).data, answers
//   { digit: Float32Array(784) }  the digit, row by row, values in [0, 1];
//   { empty: true }               nothing drawn yet, or too faint (the server's EmptyImageError);
//   { notDrawing: true }          less than half the pixels are black: not a pad drawing (send it to the server).
// Data that is not width x height RGBA pixels throws a TypeError or RangeError that says what was expected.

const f32 = Math.fround;
const FRAME = 28;  // MNIST's frame
const BOX = 20;  // the digit's bounding box is fitted into BOX x BOX, keeping its aspect ratio
const MIN_SIDE = 8;  // the server refuses smaller images
const BLACK_BELOW = f32(0.05);  // _is_drawing: a pixel darker than this is black ground
const INK_THRESHOLD = f32(0.1);  // stretched pixels fainter than this count as background
const MIN_CONTRAST = 0.15;  // ink - background below this: no digit yet
const INK_QUANTILE = 99.5 / 100;
const LANCZOS_SUPPORT = 3;

// Level v's grey in [0, 1] as numpy computes it (uint8 -> float32 / 255), and the luminance weights' terms.
const UNIT = Float32Array.from({ length: 256 }, (_, v) => v / 255);
const [RED_WEIGHT, GREEN_WEIGHT, BLUE_WEIGHT] = [0.299, 0.587, 0.114].map(f32);
const RED = UNIT.map((unit) => unit * RED_WEIGHT);  // rounded to float32, as numpy's first product
const GREEN = Float64Array.from(UNIT, (unit) => unit * GREEN_WEIGHT);  // exact: the next two are fused
const BLUE = Float64Array.from(UNIT, (unit) => unit * BLUE_WEIGHT);  // multiply-adds in numpy's matmul
const OPAQUE_GREY_LEVEL = Uint8Array.from(UNIT, (_, v) => roundHalfEven(f32(luminance(v, v, v) * 255)));

export function digitFromPixels(rgba, width, height) {
  checkPixels(rgba, width, height);
  const levels = greyLevels(rgba);
  const counts = new Int32Array(256);
  for (let i = 0; i < levels.length; i += 1) counts[levels[i]] += 1;
  if (!isDrawing(counts, levels.length)) return { notDrawing: true };
  const strokeOf = strokeValues(counts, levels.length);
  if (!strokeOf) return { empty: true };
  const ink = cropToInk(levels, width, height, strokeOf);
  return { digit: centreInFrame(fitBox(ink)) };
}

function checkPixels(rgba, width, height) {
  if (!(rgba instanceof Uint8ClampedArray || rgba instanceof Uint8Array)) {
    const kind = rgba === null || rgba === undefined ? String(rgba) : rgba.constructor?.name ?? typeof rgba;
    const wanted = "a Uint8ClampedArray (a canvas's getImageData().data) or a Uint8Array";
    throw new TypeError(`digitFromPixels takes RGBA pixels as ${wanted}, got ${kind}.`);
  }
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < MIN_SIDE || height < MIN_SIDE) {
    const got = `${width} x ${height}`;
    throw new RangeError(`digitFromPixels takes a width and height of at least ${MIN_SIDE} whole pixels, got ${got}.`);
  }
  if (rgba.length !== width * height * 4) {
    throw new RangeError(
      `${width} x ${height} pixels take ${width * height * 4} RGBA values (4 per pixel), got ${rgba.length}.`,
    );
  }
}

// The 8-bit grey levels the server decodes the pad's PNG to (dae/preprocess.py _to_greyscale).
function greyLevels(rgba) {
  const levels = new Uint8Array(rgba.length / 4);
  const ground = transparentGround(rgba);
  for (let i = 0, p = 0; i < levels.length; i += 1, p += 4) {
    if (rgba[p] === rgba[p + 1] && rgba[p] === rgba[p + 2] && rgba[p + 3] === 255) {
      levels[i] = OPAQUE_GREY_LEVEL[rgba[p]];  // the pad's pixels: a shortcut, same value
      continue;
    }
    let grey = luminance(rgba[p], rgba[p + 1], rgba[p + 2]);
    if (rgba[p + 3] !== 255) {  // alpha composited over the ground; opaque pixels are their luminance
      const alpha = UNIT[rgba[p + 3]];
      grey = f32(f32(grey * alpha) + f32(ground * f32(1 - alpha)));
    }
    levels[i] = roundHalfEven(f32(grey * 255));
  }
  return levels;
}

// numpy's float32 (r, g, b) @ (0.299, 0.587, 0.114) on an x86-64 with FMA: one product, then two fused
// multiply-adds. (Without FMA, numpy's sums round differently: about 1 colour in 10,000 gets another level;
// a grey, all the pad draws, never does.)
function luminance(red, green, blue) {
  return f32(f32(RED[red] + GREEN[green]) + BLUE[blue]);
}

// What transparent pixels lie on: black when the opaque pixels are mostly light (a canvas's white strokes),
// white when they are mostly dark. Only a canvas with transparency needs the median this takes.
function transparentGround(rgba) {
  let allOpaque = true;
  for (let p = 3; p < rgba.length && allOpaque; p += 4) allOpaque = rgba[p] === 255;
  if (allOpaque) return 0;
  const opaque = [];
  for (let p = 0; p < rgba.length; p += 4) {
    if (rgba[p + 3] >= 128) opaque.push(luminance(rgba[p], rgba[p + 1], rgba[p + 2]));
  }
  if (opaque.length === 0) return 0;
  const sorted = Float32Array.from(opaque).sort();
  const middle = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[middle] : f32(f32(sorted[middle - 1] + sorted[middle]) / 2);
  return median >= 0.5 ? 0 : 1;
}

// _is_drawing: at least half the pixels are black.
function isDrawing(counts, pixels) {
  let black = 0;
  for (let level = 0; level < 256 && UNIT[level] < BLACK_BELOW; level += 1) black += counts[level];
  return 2 * black >= pixels;
}

// _drawn_digit as a table: each grey level's stretched value (ground 0, ink 1, faint pixels 0), or null
// when there is no digit (ink too close to the ground).
function strokeValues(counts, pixels) {
  const greyAt = (rank) => UNIT[levelAtRank(counts, rank)];
  const middle = pixels >> 1;  // numpy's median: the middle value, or the float32 mean of the middle two
  const background = pixels % 2 ? greyAt(middle) : f32(f32(greyAt(middle - 1) + greyAt(middle)) / 2);
  const position = (pixels - 1) * INK_QUANTILE;  // numpy's percentile, "linear": between two ranks
  const below = Math.floor(position);
  const low = greyAt(below);
  const high = greyAt(Math.min(below + 1, pixels - 1));
  const step = f32(high - low);
  const fraction = position - below;
  const ink = fraction >= 0.5 ? high - step * (1 - fraction) : low + step * fraction;
  if (ink - background < MIN_CONTRAST) return null;
  const range = f32(ink - background);
  return UNIT.map((grey) => {
    const stretched = Math.min(Math.max(f32(f32(grey - background) / range), 0), 1);
    return stretched < INK_THRESHOLD ? 0 : stretched;
  });
}

// The grey level of the pixel at this rank (0 = darkest) once all are sorted.
function levelAtRank(counts, rank) {
  let seen = 0;
  for (let level = 0; level < 256; level += 1) {
    seen += counts[level];
    if (seen > rank) return level;
  }
  return 255;
}

// The stretched pixels inside the bounding box of those left non-zero.
function cropToInk(levels, width, height, strokeOf) {
  let top = height, bottom = -1, left = width, right = -1;
  for (let y = 0, row = 0; y < height; y += 1, row += width) {
    let first = 0;
    while (first < width && strokeOf[levels[row + first]] === 0) first += 1;
    if (first === width) continue;
    let last = width - 1;
    while (strokeOf[levels[row + last]] === 0) last -= 1;
    if (top > y) top = y;
    bottom = y;
    left = Math.min(left, first);
    right = Math.max(right, last);
  }
  const image = { width: right - left + 1, height: bottom - top + 1 };
  image.pixels = new Float32Array(image.width * image.height);
  for (let y = 0; y < image.height; y += 1) {
    for (let x = 0; x < image.width; x += 1) {
      image.pixels[y * image.width + x] = strokeOf[levels[(top + y) * width + left + x]];
    }
  }
  return image;
}

// _fit_box: scaled (aspect ratio kept) so the longer side is BOX, by Pillow's LANCZOS, clipped to [0, 1].
function fitBox(image) {
  const scale = BOX / Math.max(image.width, image.height);
  const width = Math.max(1, roundHalfEven(image.width * scale));
  const height = Math.max(1, roundHalfEven(image.height * scale));
  const pixels = resizeLanczos(image, width, height);
  for (let i = 0; i < pixels.length; i += 1) pixels[i] = Math.min(Math.max(pixels[i], 0), 1);
  return { width, height, pixels };
}

// Pillow's ImagingResampleInner on a float ("F") image: rows first, then columns, each only where the size
// changes; the row pass covers only the rows the column pass reads.
function resizeLanczos(image, width, height) {
  const columns = lanczosWeights(image.height, height);
  const firstRow = columns.bounds[0];
  const endRow = columns.bounds[2 * height - 2] + columns.bounds[2 * height - 1];
  let source = image;
  let rowOffset = 0;
  if (width !== image.width) {
    const rows = lanczosWeights(image.width, width);
    source = { width, height: endRow - firstRow, pixels: new Float32Array(width * (endRow - firstRow)) };
    for (let y = 0; y < source.height; y += 1) {
      resampleLine(image.pixels, (y + firstRow) * image.width, 1, rows, source.pixels, y * width, 1);
    }
    rowOffset = firstRow;
  }
  if (height === image.height) return source.pixels.slice();
  const out = new Float32Array(width * height);
  const shifted = { ...columns, bounds: columns.bounds.map((b, i) => (i % 2 ? b : b - rowOffset)) };
  for (let x = 0; x < width; x += 1) resampleLine(source.pixels, x, width, shifted, out, x, width);
  return out;
}

// One row or column: each output value a weighted sum (in double) of its input window, stored as float32.
function resampleLine(input, start, stride, filter, output, outStart, outStride) {
  const { bounds, weights, taps } = filter;
  for (let o = 0; o < bounds.length / 2; o += 1) {
    const first = bounds[2 * o];
    const count = bounds[2 * o + 1];
    let sum = 0;
    for (let k = 0; k < count; k += 1) sum += input[start + (first + k) * stride] * weights[o * taps + k];
    output[outStart + o * outStride] = sum;
  }
}

// Pillow's precompute_coeffs for LANCZOS: each output pixel's first input, input count and normalised weights.
function lanczosWeights(inSize, outSize) {
  const scale = inSize / outSize;
  const filterScale = Math.max(scale, 1);
  const support = LANCZOS_SUPPORT * filterScale;
  const taps = Math.ceil(support) * 2 + 1;
  const bounds = new Int32Array(2 * outSize);
  const weights = new Float64Array(outSize * taps);
  for (let o = 0; o < outSize; o += 1) {
    const centre = (o + 0.5) * scale;
    const first = Math.max(0, Math.trunc(centre - support + 0.5));
    const count = Math.min(inSize, Math.trunc(centre + support + 0.5)) - first;
    let total = 0;
    for (let k = 0; k < count; k += 1) {
      const weight = lanczos((k + first - centre + 0.5) * (1 / filterScale));
      weights[o * taps + k] = weight;
      total += weight;
    }
    if (total !== 0) for (let k = 0; k < count; k += 1) weights[o * taps + k] /= total;
    bounds[2 * o] = first;
    bounds[2 * o + 1] = count;
  }
  return { bounds, weights, taps };
}

function lanczos(x) {
  return x >= -LANCZOS_SUPPORT && x < LANCZOS_SUPPORT ? sinc(x) * sinc(x / LANCZOS_SUPPORT) : 0;
}

function sinc(x) {
  if (x === 0) return 1;
  const angle = x * Math.PI;
  return Math.sin(angle) / angle;
}

// _centre_in_frame: the digit placed in the 28 x 28 frame with its centre of mass (from numpy's float32
// sums) nearest the frame's centre, without leaving the frame. The moments' sums of float32 sums times
// small whole numbers are exact in double, in whatever order numpy's dot product adds them.
function centreInFrame({ width, height, pixels }) {
  const total = pairwiseSum(pixels, 0, pixels.length);
  let rowMoment = 0;
  for (let y = 0; y < height; y += 1) rowMoment += pairwiseSum(pixels, y * width, width) * y;
  let columnMoment = 0;
  for (let x = 0; x < width; x += 1) columnMoment += columnSum(pixels, x, width, height) * x;
  const top = clampedShift(rowMoment / total, FRAME - height);
  const left = clampedShift(columnMoment / total, FRAME - width);
  const digit = new Float32Array(FRAME * FRAME);
  for (let y = 0; y < height; y += 1) {
    digit.set(pixels.subarray(y * width, (y + 1) * width), (top + y) * FRAME + left);
  }
  return digit;
}

function clampedShift(centre, room) {
  return Math.min(Math.max(roundHalfEven(FRAME / 2 - centre), 0), room);
}

// numpy's sum over axis 0: row after row, in float32 (a one-column image is summed like a row).
function columnSum(pixels, x, width, height) {
  if (width === 1) return pairwiseSum(pixels, 0, height);
  let sum = 0;
  for (let y = 0; y < height; y += 1) sum = f32(sum + pixels[y * width + x]);
  return sum;
}

// numpy's float32 pairwise summation (its add.reduce along a contiguous axis): 8 running sums per block
// of up to 128 values, larger runs halved.
function pairwiseSum(values, start, count) {
  if (count < 8) {
    let sum = 0;
    for (let i = start; i < start + count; i += 1) sum = f32(sum + values[i]);
    return sum;
  }
  if (count <= 128) {
    const partial = values.slice(start, start + 8);
    let i = 8;
    for (; i < count - (count % 8); i += 8) {
      for (let j = 0; j < 8; j += 1) partial[j] += values[start + i + j];
    }
    const [a, b, c, d, e, g, h, k] = partial;
    let sum = f32(f32(f32(a + b) + f32(c + d)) + f32(f32(e + g) + f32(h + k)));
    for (; i < count; i += 1) sum = f32(sum + values[start + i]);
    return sum;
  }
  const half = (count >> 1) - ((count >> 1) % 8);
  return f32(pairwiseSum(values, start, half) + pairwiseSum(values, start + half, count - half));
}

// Python's round(): halves go to the even neighbour.
function roundHalfEven(x) {
  const floor = Math.floor(x);
  const rest = x - floor;
  if (rest !== 0.5) return rest < 0.5 ? floor : floor + 1;
  return floor % 2 === 0 ? floor : floor + 1;
}
