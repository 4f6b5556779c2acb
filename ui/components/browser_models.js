// The denoisers in the student's browser: onnxruntime-web (WebAssembly, one thread) runs the very ONNX
// files the server runs (weights/<name>.encoder.onnx and .decoder.onnx), all served by the app itself
// (pyproject.toml, [tool.streamlit.component]). Python's dae.runtime stays the reference:
// tests/e2e/test_browser_models.py checks that both give the same codes and reconstructions.
//
// createModels(specs) opens each model's two sessions; model.run(images) returns codes and
// reconstructions. Every failure is an Error whose message is a sentence naming the file and the cause.

export const PIXELS = 28 * 28;
// Relative to this module, so the URLs hold under any server.baseUrlPath and on every page's path.
export const RUNTIME_URL = new URL("./ort/", import.meta.url).href;
export const WEIGHTS_URL = new URL("../dae-app.weights/", import.meta.url).href;
// The API and the Emscripten glue in one ES module, and the .wasm (tools/web_assets.py says why these).
const ORT_MODULE = "ort.wasm.bundle.min.mjs";
const ORT_WASM = "ort-wasm-simd-threaded.wasm";
// Streamlit sends these files with no validator or lifetime, so the browser's HTTP cache fetches them
// again on every visit; files named with their SHA-256 are kept here instead (secure origins only).
const CACHE = "dae-browser-models";

const runtimes = new Map(); // runtime folder URL -> promise of the onnxruntime-web module
const sessions = new Map(); // ONNX file URL -> promise of its session, shared by every caller on the page

/** One shipped model's files as served; with the SHA-256s of its card, each URL names its content. */
export function modelUrls(name, sha256 = {}, weightsUrl = WEIGHTS_URL) {
  const url = (part) => `${weightsUrl}${name}.${part}.onnx${sha256[part] ? `?sha256=${sha256[part]}` : ""}`;
  return { name, encoder: url("encoder"), decoder: url("decoder") };
}

// A promise kept while it may still succeed: a failed download is tried again on the next call.
function remembered(cache, key, start) {
  if (!cache.has(key)) {
    cache.set(key, start().catch((error) => {
      cache.delete(key);
      throw error;
    }));
  }
  return cache.get(key);
}

async function download(url, what, init) {
  let response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    throw new Error(`${what} could not be downloaded from ${url} (${error.message}).`);
  }
  if (!response.ok) throw new Error(`${what} could not be downloaded from ${url}: the server answered ${response.status}.`);
  return new Uint8Array(await response.arrayBuffer());
}

async function openCache() {
  try {
    return globalThis.caches ? await caches.open(CACHE) : null;
  } catch {
    return null; // a private window may refuse storage: download every time
  }
}

const hex = (buffer) => Array.from(new Uint8Array(buffer), (byte) => byte.toString(16).padStart(2, "0")).join("");

/** The bytes at `url`: kept in Cache Storage, and checked, when the URL names its SHA-256. */
export async function fetchBytes(url, what) {
  const sha256 = new URL(url).searchParams.get("sha256");
  const cache = sha256 ? await openCache() : null;
  const kept = cache && await cache.match(url);
  if (kept) return new Uint8Array(await kept.arrayBuffer());
  const bytes = await download(url, what);
  if (sha256 && globalThis.crypto?.subtle && hex(await crypto.subtle.digest("SHA-256", bytes)) !== sha256) {
    throw new Error(`${what} from ${url} is not the file the server checked (its SHA-256 differs): reload the page.`);
  }
  if (cache) {
    const path = url.split("?")[0];
    try {
      for (const old of await cache.keys()) if (old.url.split("?")[0] === path) await cache.delete(old);
      await cache.put(url, new Response(bytes));
    } catch {
      // Full or refused storage: the file is still used, only not kept.
    }
  }
  return bytes;
}

/** onnxruntime-web from `runtimeUrl` (ORT_MODULE, its .wasm and manifest.json), set up once per page. */
export function loadRuntime(runtimeUrl = RUNTIME_URL) {
  return remembered(runtimes, runtimeUrl, async () => {
    let ort;
    try {
      ort = await import(new URL(ORT_MODULE, runtimeUrl).href);
    } catch (error) {
      throw new Error(`onnxruntime-web could not be loaded from ${runtimeUrl}${ORT_MODULE} (${error.message}).`);
    }
    const manifest = JSON.parse(new TextDecoder().decode(
      await download(`${runtimeUrl}manifest.json`, "onnxruntime-web's manifest", { cache: "no-cache" })));
    const sha256 = manifest.files?.[ORT_WASM]?.sha256;
    if (!sha256) throw new Error(`${runtimeUrl}manifest.json names no ${ORT_WASM}: run python -m tools.web_assets.`);
    const wasm = `${runtimeUrl}${ORT_WASM}?sha256=${sha256}`;
    // Handed over as bytes: onnxruntime-web then fetches nothing itself and uses the glue in ORT_MODULE.
    ort.env.wasm.wasmBinary = await fetchBytes(wasm, "onnxruntime-web's WebAssembly");
    // One thread: no worker and no cross-origin isolation needed, and a class's tablets stay cool.
    ort.env.wasm.numThreads = 1;
    ort.env.wasm.proxy = false;
    ort.env.logLevel = "error";
    return ort;
  });
}

function openSession(ort, url, what) {
  return remembered(sessions, url, async () => {
    const bytes = await fetchBytes(url, what);
    try {
      return await ort.InferenceSession.create(bytes, { executionProviders: ["wasm"] });
    } catch (error) {
      throw new Error(`${what} (${url}) could not be opened by onnxruntime-web: ${error.message}`);
    }
  });
}

function checkSpecs(specs) {
  if (!Array.isArray(specs) || specs.length === 0) {
    throw new TypeError("createModels needs a non-empty list of {name, encoder, decoder} (see modelUrls).");
  }
  for (const spec of specs) {
    const fields = ["name", "encoder", "decoder"];
    if (!spec || fields.some((field) => typeof spec[field] !== "string" || spec[field] === "")) {
      throw new TypeError(`each model needs a name and its encoder and decoder URLs as text, got ${JSON.stringify(spec)}.`);
    }
  }
}

/** Checks a batch of digits and returns how many there are. */
export function countImages(images, name = "a model") {
  if (!(images instanceof Float32Array)) {
    const kind = images?.constructor?.name ?? typeof images;
    throw new TypeError(`${name} takes a Float32Array of 28 x 28 pixels per digit, row by row, got ${kind}.`);
  }
  if (images.length === 0 || images.length % PIXELS !== 0) {
    throw new RangeError(`${name} takes whole 28 x 28 digits (${PIXELS} values each), got ${images.length} values.`);
  }
  const bad = images.findIndex((value) => !(value >= 0 && value <= 1)); // NaN fails both
  if (bad >= 0) {
    throw new RangeError(`${name} takes pixels in [0, 1]: digit ${Math.floor(bad / PIXELS)} has ${images[bad]}.`);
  }
  return images.length / PIXELS;
}

/** One denoiser: its encoder and decoder sessions. */
export class BrowserModel {
  constructor(ort, name, encoder, decoder) {
    if (encoder.inputNames.length !== 1 || decoder.inputNames.length > encoder.outputNames.length) {
      throw new Error(`${name}'s decoder reads ${decoder.inputNames.length} inputs, but its encoder gives `
        + `${encoder.outputNames.length} outputs for its ${encoder.inputNames.length} input(s): not an autoencoder pair.`);
    }
    Object.assign(this, { ort, name, encoder, decoder, queue: Promise.resolve() });
  }

  /** Float32Array of N digits (N x 784, [0, 1]) -> {count, codes, codeShape, reconstructions (N x 784)}. */
  run(images) {
    const count = countImages(images, this.name);
    // One batch at a time per model: onnxruntime-web does not promise that a session runs two at once.
    const result = this.queue.then(() => this.#run(images, count));
    this.queue = result.catch(() => undefined);
    return result;
  }

  async #run(images, count) {
    const { ort, encoder, decoder } = this;
    try {
      const input = new ort.Tensor("float32", images, [count, 28, 28, 1]);
      const encoded = await encoder.run({ [encoder.inputNames[0]]: input });
      // The decoder reads the encoder's outputs in order: the code, then a U-Net's skips (as dae/runtime.py).
      const feeds = Object.fromEntries(decoder.inputNames.map((name, i) => [name, encoded[encoder.outputNames[i]]]));
      const decoded = await decoder.run(feeds);
      const code = encoded[encoder.outputNames[0]];
      const reconstruction = decoded[decoder.outputNames[0]];
      return { count, codes: code.data, codeShape: code.dims.slice(1), reconstructions: reconstruction.data };
    } catch (error) {
      throw new Error(`${this.name} could not run on ${count} digit(s) in the browser: ${error.message}`);
    }
  }
}

/** Opens every model of `specs` ([{name, encoder, decoder}], URLs) with the runtime at `runtimeUrl`. */
export async function createModels(specs, runtimeUrl = RUNTIME_URL) {
  checkSpecs(specs);
  const ort = await loadRuntime(runtimeUrl);
  return Promise.all(specs.map(async ({ name, encoder, decoder }) => {
    const [encoderSession, decoderSession] = await Promise.all([
      openSession(ort, encoder, `${name}'s encoder`),
      openSession(ort, decoder, `${name}'s decoder`),
    ]);
    return new BrowserModel(ort, name, encoderSession, decoderSession);
  }));
}

/** One model's decoder alone ({name, sha256} as model_spec gives): decode(codes, shape) turns a Float32Array
 *  of codes, each of `shape` ([2], [64], [4, 4, 32]), into that many 28 x 28 digits: the map of a 2-D code
 *  decodes any point, Latent space any edited code. */
export async function createDecoder({ name, sha256 }, runtimeUrl = RUNTIME_URL) {
  const ort = await loadRuntime(runtimeUrl);
  const session = await openSession(ort, modelUrls(name, sha256).decoder, `${name}'s decoder`);
  let queue = Promise.resolve();
  const run = async (codes, shape) => {
    const width = shape.reduce((a, b) => a * b, 1);
    if (!(codes instanceof Float32Array) || !codes.length || codes.length % width || codes.some((v) => !Number.isFinite(v))) {
      throw new RangeError(`${name}'s decoder takes finite codes of ${shape.join(" x ")} numbers each.`);
    }
    const input = new ort.Tensor("float32", codes, [codes.length / width, ...shape]);
    const output = await session.run({ [session.inputNames[0]]: input });
    return output[session.outputNames[0]].data;
  };
  return {
    name,
    decode(codes, shape) {  // one batch at a time, as BrowserModel.run
      const result = queue.then(() => run(codes, shape));
      queue = result.catch(() => undefined);
      return result;
    },
  };
}
