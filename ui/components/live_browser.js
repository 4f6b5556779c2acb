// The live control's pictures computed in the student's browser: the server's seeded noise pattern at any
// level (noise.js), every model on it (browser_models.js: the ONNX files the server runs), and the scores
// (metrics.js). The server hands over the digit, the pattern's unit fields and the models' files' SHA-256;
// nothing goes back while the slider moves or the pen draws.
import { createModels, modelUrls, PIXELS } from "./browser_models.js";
import { filtered } from "./filters.js";
import { psnr, ssim } from "./metrics.js";
import { noisy as addNoise } from "./noise.js";
export { decodeFields } from "./noise.js";

const ARRAYS = { float32: Float32Array, float64: Float64Array, uint8: Uint8Array };

/** {dtype, data: base64 of the array's bytes} (as ui/live.py packs a numpy array) -> a typed array. */
export function unpack(packed, what) {
  const Type = ARRAYS[packed?.dtype];
  if (!Type || typeof packed.data !== "string") {
    throw new TypeError(`${what} should be {dtype: float32, float64 or uint8, data: base64}, got ${JSON.stringify(packed)?.slice(0, 80)}.`);
  }
  const bytes = Uint8Array.from(atob(packed.data), (c) => c.charCodeAt(0));
  if (bytes.length % Type.BYTES_PER_ELEMENT) throw new RangeError(`${what} is not a whole number of ${packed.dtype} values.`);
  return new Type(bytes.buffer);
}

/** The digit the server holds, checked: 784 values in [0, 1]. */
export function unpackDigit(packed) {
  const digit = unpack(packed, "the digit");
  if (!(digit instanceof Float32Array) || digit.length !== PIXELS || digit.some((v) => !(v >= 0 && v <= 1))) {
    throw new RangeError(`the digit should be ${PIXELS} float32 values in [0, 1].`);
  }
  return digit;
}

function scored(clean, picture) {
  return { psnr: psnr(clean, picture), ssim: ssim(clean, picture) };
}

/** Opens the models once; then frame(digit, noise, level) computes everything one level shows: each
 *  method of `methods` in order, a model ({name, sha256}) or a classical filter ({name, filter: true}). */
export class Engine {
  constructor(methods) {
    this.methods = methods;
    const specs = methods.filter((method) => !method.filter);
    if (typeof WebAssembly !== "object") {
      this.ready = Promise.reject(new Error("this browser has WebAssembly switched off"));
    } else {  // no model chosen: the input and its noise alone, nothing to open
      this.ready = specs.length ? createModels(specs.map(({ name, sha256 }) => modelUrls(name, sha256))) : Promise.resolve([]);
    }
  }

  async frame(digit, noise, level) {
    const noisy = addNoise(digit, noise.kind, level, noise);
    const models = new Map((await this.ready).map((model) => [model.name, model]));
    const methods = [];
    for (const { name, filter } of this.methods) {  // one after another: onnxruntime-web runs on one thread anyway
      if (filter) {
        const reconstruction = filtered(name, noisy);
        methods.push({ name, reconstruction, ...scored(digit, reconstruction) });
        continue;
      }
      const { codes, codeShape, reconstructions } = await models.get(name).run(noisy);
      methods.push({ name, code: codes, codeShape, reconstruction: reconstructions, ...scored(digit, reconstructions) });
    }
    return { level, digit, noisy, ...scored(digit, noisy), methods };
  }
}

/** Runs one frame at a time and always the latest asked for: a slider or a pen outrunning the models skips
 *  the frames in between instead of queueing them. show(frame) draws; fail(error) says why it cannot. */
export class Latest {
  // `root` (optional): the control's element, marked data-computing="true" while a computation is asked for or
  // running, so that whoever reads the pictures (a test, a benchmark) can wait until they are the latest.
  constructor(show, fail, root = null) {
    Object.assign(this, { show, fail, root, wanted: null, running: false });
  }

  ask(compute) {
    this.wanted = compute;
    if (this.root) this.root.dataset.computing = "true";
    if (!this.running) this.#run();
  }

  async #run() {
    this.running = true;
    try {
      await this.#drain();
    } finally {
      this.running = false;
      if (this.root) this.root.dataset.computing = "false";
    }
  }

  async #drain() {
    while (this.wanted) {
      const compute = this.wanted;
      this.wanted = null;
      try {
        this.show(await compute());
      } catch (error) {
        this.fail(error);
        this.wanted = null;
      }
    }
  }
}
