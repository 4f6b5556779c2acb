// The noise slider's pictures, made in the student's browser at any level (0.01 steps) from the seeded
// "unit fields" the server draws once per (kind, seed) with dae/noise.py's unit_fields: so the pattern is
// the server's, and a shared link shows the very digit add_noise(digit, kind, level, seed) gives.
// tests/e2e/test_browser_agreement.py checks the two agree bit for bit.
//
// numpy computes gaussian and salt-and-pepper in float32 (a float32 array meets a Python float), so every
// float32 operation here is rounded with Math.fround; masking is float64 in numpy, as JavaScript numbers are.
// The reach of each kind comes with the fields (fields_payload): the server's calibration, never a copy.

export const PIXELS = 28 * 28;
const SIDE = 28;
// The fields each kind needs and what each is: float32 pixel fields, or masking's centre [row, column].
const FIELDS = { gaussian: ["normal"], salt_and_pepper: ["hit", "salt"], masking: ["centres"] };

function checkKind(kind) {
  if (!Object.hasOwn(FIELDS, kind)) {
    throw new RangeError(`unknown noise kind ${JSON.stringify(kind)}: choose one of ${Object.keys(FIELDS).join(", ")}.`);
  }
}

function checkField(kind, name, field) {
  if (name === "centres") {
    const ok = field?.length === 2 && Array.from(field).every((u) => typeof u === "number" && u >= 0 && u < 1);
    if (!ok) throw new RangeError(`${kind} noise needs its field centres as two numbers in [0, 1) (row, column), got ${JSON.stringify(field)}.`);
  } else if (!(field instanceof Float32Array) || field.length !== PIXELS) {
    const what = field instanceof Float32Array ? `${field.length} values` : (field?.constructor?.name ?? typeof field);
    throw new TypeError(`${kind} noise needs its field ${name} as a Float32Array of ${PIXELS} values, got ${what}.`);
  }
}

function checkInputs(digit, kind, level, fields) {
  checkKind(kind);
  if (!(digit instanceof Float32Array) || digit.length !== PIXELS) {
    const what = digit instanceof Float32Array ? `${digit.length} values` : (digit?.constructor?.name ?? typeof digit);
    throw new TypeError(`noisy takes one digit as a Float32Array of ${PIXELS} pixels (28 x 28, row by row), got ${what}.`);
  }
  if (typeof level !== "number" || !(level >= 0 && level <= 1)) { // NaN fails both
    throw new RangeError(`the noise level must be a number between 0 and 1, got ${level}.`);
  }
  if (fields === null || typeof fields !== "object") {
    throw new TypeError(`${kind} noise needs the server's fields (decodeFields), got ${fields}.`);
  }
  if (fields.kind !== undefined && fields.kind !== kind) {
    throw new RangeError(`these fields are for ${fields.kind} noise, not ${kind}.`);
  }
  if (typeof fields.reach !== "number" || !(fields.reach > 0 && fields.reach <= 1)) {
    throw new RangeError(`${kind} noise needs its reach, a number in (0, 1], in the fields, got ${fields.reach}.`);
  }
  for (const name of FIELDS[kind]) {
    if (fields[name] === undefined) throw new TypeError(`${kind} noise needs the field ${name}, which the fields lack.`);
    checkField(kind, name, fields[name]);
  }
}

function gaussian(digit, scale, normal, out) {
  for (let i = 0; i < PIXELS; i++) {
    const value = Math.fround(digit[i] + Math.fround(scale * normal[i]));
    out[i] = value < 0 ? 0 : value > 1 ? 1 : value;
  }
}

function saltAndPepper(digit, threshold, hit, salt, out) {
  for (let i = 0; i < PIXELS; i++) out[i] = hit[i] < threshold ? (salt[i] < 0.5 ? 1 : 0) : digit[i];
}

function masking(digit, fraction, [rowDraw, columnDraw], out) {
  const side = Math.sqrt(fraction) * SIDE;
  // As numpy's order of operations, so the square's edges fall on the same pixels.
  const row = rowDraw * (SIDE - side) + side / 2;
  const column = columnDraw * (SIDE - side) + side / 2;
  for (let r = 0; r < SIDE; r++) {
    const rowInside = Math.abs(r + 0.5 - row) < side / 2;
    for (let c = 0; c < SIDE; c++) {
      const i = r * SIDE + c;
      out[i] = rowInside && Math.abs(c + 0.5 - column) < side / 2 ? 0 : digit[i];
    }
  }
}

/**
 * One digit (Float32Array of 784, [0, 1]) with `kind` noise at `level` (0 ... 1) from the server's unit
 * fields (decodeFields): the numbers dae.noise.add_noise(digit, kind, level, seed) gives. `out` (784
 * values) spares an allocation per frame.
 */
export function noisy(digit, kind, level, fields, out = new Float32Array(PIXELS)) {
  checkInputs(digit, kind, level, fields);
  if (!(out instanceof Float32Array) || out.length !== PIXELS) throw new TypeError(`noisy writes into a Float32Array of ${PIXELS} values.`);
  // level * reach is a Python float (a double) in numpy too; numpy rounds it to float32 only where it
  // meets the float32 fields, and masking never does.
  const amount = level * fields.reach;
  if (kind === "gaussian") gaussian(digit, Math.fround(amount), fields.normal, out);
  else if (kind === "salt_and_pepper") saltAndPepper(digit, Math.fround(amount), fields.hit, fields.salt, out);
  else masking(digit, amount, fields.centres, out);
  return out;
}

function float32s(text, what) {
  let bytes;
  try {
    bytes = Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  } catch {
    throw new TypeError(`${what} is not base64 text.`);
  }
  if (bytes.length !== PIXELS * 4) throw new RangeError(`${what} holds ${bytes.length} bytes, not ${PIXELS} float32 (${PIXELS * 4} bytes).`);
  return new Float32Array(bytes.buffer); // little-endian, as the server writes them and every browser reads
}

/** The server's payload (dae.noise.fields_payload, as parsed JSON) -> the fields noisy() takes. */
export function decodeFields(payload) {
  checkKind(payload?.kind);
  const { kind, seed, reach, fields } = payload;
  if (fields === null || typeof fields !== "object") throw new TypeError(`the ${kind} noise payload has no fields.`);
  const decoded = { kind, seed, reach };
  for (const name of FIELDS[kind]) {
    if (fields[name] === undefined) throw new TypeError(`the ${kind} noise payload lacks the field ${name}.`);
    decoded[name] = name === "centres" ? fields[name] : float32s(fields[name], `the ${kind} field ${name}`);
    checkField(kind, name, decoded[name]);
  }
  return decoded;
}
