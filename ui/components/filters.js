// The classical filters Compare measures the models against (dae/baselines.py), as scipy.ndimage computes
// them on one 28 x 28 digit: a 3 x 3 median, a 3 x 3 mean and a Gaussian blur of sigma 1 (radius 4), all
// with scipy's default edge mode "reflect" (d c b a | a b c d | d c b a). scipy filters one axis at a time,
// in double, and stores float32 between the passes; so do these.

const SIDE = 28;

// The pixel `i` steps outside the edge reads, as "reflect" does.
function reflect(i) {
  if (i < 0) return -i - 1;
  if (i >= SIDE) return 2 * SIDE - i - 1;
  return i;
}

// One pass along rows (axis "y") or columns ("x"): out[p] = f(the line's values at offsets -r ... r).
function pass(image, radius, axis, combine) {
  const out = new Float32Array(SIDE * SIDE);
  const line = new Float64Array(2 * radius + 1);
  for (let y = 0; y < SIDE; y += 1) {
    for (let x = 0; x < SIDE; x += 1) {
      for (let k = -radius; k <= radius; k += 1) {
        line[k + radius] = axis === "y" ? image[reflect(y + k) * SIDE + x] : image[y * SIDE + reflect(x + k)];
      }
      out[y * SIDE + x] = combine(line);
    }
  }
  return out;
}

const GAUSSIAN = (() => {  // scipy's _gaussian_kernel1d(1, 0, 4): exp(-x^2 / 2), normalised
  const weights = Array.from({ length: 9 }, (_, i) => Math.exp(-0.5 * (i - 4) ** 2));
  const total = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => w / total);
})();

function weighted(line) {  // scipy's symmetric correlation: the centre, then each pair of sides
  let sum = line[4] * GAUSSIAN[4];
  for (let j = 1; j <= 4; j += 1) sum += (line[4 - j] + line[4 + j]) * GAUSSIAN[4 + j];
  return sum;
}

const mean = (line) => (line[0] + line[1] + line[2]) / 3;

function median3x3(digit) {
  const out = new Float32Array(SIDE * SIDE);
  const cells = new Float32Array(9);
  for (let y = 0; y < SIDE; y += 1) {
    for (let x = 0; x < SIDE; x += 1) {
      let n = 0;
      for (let dy = -1; dy <= 1; dy += 1) {
        for (let dx = -1; dx <= 1; dx += 1) cells[n++] = digit[reflect(y + dy) * SIDE + reflect(x + dx)];
      }
      out[y * SIDE + x] = cells.sort()[4];
    }
  }
  return out;
}

export const FILTERS = {
  median_3x3: median3x3,
  mean_3x3: (digit) => pass(pass(digit, 1, "y", mean), 1, "x", mean),
  gaussian_blur: (digit) => pass(pass(digit, 4, "y", weighted), 4, "x", weighted),
};

/** The filter `name` (a key of FILTERS) on one digit (784 float32 values); a clear error for another name. */
export function filtered(name, digit) {
  if (!Object.hasOwn(FILTERS, name)) throw new RangeError(`no filter named ${JSON.stringify(name)}: ${Object.keys(FILTERS).join(", ")}.`);
  if (!(digit instanceof Float32Array) || digit.length !== SIDE * SIDE) throw new TypeError(`${name} takes one digit of ${SIDE * SIDE} float32 values.`);
  return FILTERS[name](digit);
}
