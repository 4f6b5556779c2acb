// PSNR and SSIM of one 28 x 28 digit in the browser, as dae/metrics.py computes them on the server (and so
// as tf.image.psnr / tf.image.ssim): data range 1, PSNR capped at 100 dB, SSIM with an 11 x 11 Gaussian
// window (sigma 1.5) without padding, k1 0.01, k2 0.03, in float64. tests/e2e/test_browser_agreement.py
// checks both against dae.metrics on real digits.
//
// They run for the noisy digit and every reconstruction on each frame of the slider, so the window is made
// once, filtered separably (rows, then columns), and the scratch buffers are reused: no allocation per call.

export const PIXELS = 28 * 28;
const SIDE = 28;
const WINDOW = 11;
const SIGMA = 1.5;
const C1 = 0.01 ** 2;
const C2 = 0.03 ** 2;
const FIT = SIDE - WINDOW + 1; // 18 window positions per row and per column

const WEIGHTS = (() => {
  const raw = Array.from({ length: WINDOW }, (_, i) => Math.exp(-((i - (WINDOW - 1) / 2) ** 2) / (2 * SIGMA ** 2)));
  const sum = raw.reduce((a, b) => a + b, 0);
  return Float64Array.from(raw, (w) => w / sum);
})();

// The four maps SSIM averages locally (x, y, x * y, x * x + y * y), after the row pass, and their local means.
const maps = Array.from({ length: 4 }, () => new Float64Array(PIXELS));
const across = Array.from({ length: 4 }, () => new Float64Array(SIDE * FIT));
const means = Array.from({ length: 4 }, () => new Float64Array(FIT * FIT));

function checkDigit(digit, role, what) {
  if (!(digit instanceof Float32Array) || digit.length !== PIXELS) {
    const got = digit instanceof Float32Array ? `${digit.length} values` : (digit?.constructor?.name ?? typeof digit);
    throw new TypeError(`${what} takes the ${role} digit as a Float32Array of ${PIXELS} pixels (28 x 28), got ${got}.`);
  }
  for (let i = 0; i < PIXELS; i++) {
    // A NaN or an infinity would give a score that looks like a number; pixels out of [0, 1] are allowed,
    // as in dae.metrics, since a model's output may stray by a rounding.
    if (!Number.isFinite(digit[i])) throw new RangeError(`${what} takes finite pixels: the ${role} digit has ${digit[i]} at pixel ${i}.`);
  }
}

/** PSNR in dB of `test` against `reference` (Float32Array of 784 each, [0, 1]); 100 for an exact copy. */
export function psnr(reference, test) {
  checkDigit(reference, "reference", "psnr");
  checkDigit(test, "test", "psnr");
  let sum = 0;
  for (let i = 0; i < PIXELS; i++) {
    const difference = Math.fround(reference[i] - test[i]); // float32, as numpy's difference of float32 digits
    sum += difference * difference;
  }
  return Math.min(-10 * Math.log10(sum / PIXELS), 100); // log10(0) is -Infinity: an exact copy gives 100
}

// Gaussian-weighted means over every 11 x 11 window that fits: along each row, then down each column.
function localMeans() {
  for (let m = 0; m < 4; m++) {
    const map = maps[m], row = across[m], mean = means[m];
    for (let r = 0; r < SIDE; r++) {
      for (let c = 0; c < FIT; c++) {
        let total = 0;
        for (let k = 0; k < WINDOW; k++) total += WEIGHTS[k] * map[r * SIDE + c + k];
        row[r * FIT + c] = total;
      }
    }
    for (let r = 0; r < FIT; r++) {
      for (let c = 0; c < FIT; c++) {
        let total = 0;
        for (let k = 0; k < WINDOW; k++) total += WEIGHTS[k] * row[(r + k) * FIT + c];
        mean[r * FIT + c] = total;
      }
    }
  }
}

/** SSIM (-1 ... 1, 1 = identical) of `test` against `reference` (Float32Array of 784 each, [0, 1]). */
export function ssim(reference, test) {
  checkDigit(reference, "reference", "ssim");
  checkDigit(test, "test", "ssim");
  const [x, y, xy, squares] = maps;
  for (let i = 0; i < PIXELS; i++) {
    const a = reference[i], b = test[i];
    x[i] = a;
    y[i] = b;
    xy[i] = a * b;
    squares[i] = a * a + b * b;
  }
  localMeans();
  const [meanX, meanY, meanXY, meanSquares] = means;
  let sum = 0;
  for (let i = 0; i < FIT * FIT; i++) {
    const mx = meanX[i], my = meanY[i];
    const luminance = (2 * mx * my + C1) / (mx * mx + my * my + C1);
    const structure = (2 * meanXY[i] - 2 * mx * my + C2) / (meanSquares[i] - mx * mx - my * my + C2);
    sum += luminance * structure;
  }
  return sum / (FIT * FIT);
}
