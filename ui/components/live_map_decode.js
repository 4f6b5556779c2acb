// The map of a 2-D code, decoded in the browser: the decoder (the same ONNX file the server runs) draws the
// exact point under the pointer, not the nearest of the server's 24 x 24 decoded grid. Until it is open, or
// where the browser cannot run it, the grid's pictures stay.
import { createDecoder } from "./browser_models.js";
import { Latest } from "./live_browser.js";
import { drawDigit } from "./pictures.js";

/** Opens the decoder data.plane.decoder names ({name, sha256}), once per model. */
export function openDecoder(s) {
  const spec = s.data.plane?.decoder;
  const key = JSON.stringify(spec ?? null);
  if (s.decoderKey === key) return;
  s.decoderKey = key;
  s.decoder = null;
  if (!spec || typeof WebAssembly !== "object") return;
  createDecoder(spec).then(
    (decoder) => {
      if (s.decoderKey !== key) return;
      s.decoder = decoder;
      s.root.dataset.decoder = "ready";  // from the next pointer move on, the exact point
    },
    () => {},  // the grid's pictures stay: the map still works, only in steps
  );
}

/** The point (x, y), fractions of the map from its top left, as a code: z = (z1, z2). */
export function codeAt(s, x, y) {
  const [left, right, bottom, top] = s.data.plane.bounds;
  const inside = (v) => Math.min(1, Math.max(0, v));
  return [left + inside(x) * (right - left), top - inside(y) * (top - bottom)];
}

/** Decodes z into `target`'s canvas (the latest point asked for wins); false while there is no decoder. */
export function decodeInto(s, target, z) {
  if (!s.decoder) return false;
  target.latest ??= new Latest((shown) => {
    drawDigit(target.canvas, shown.digit);
    target.canvas.hidden = false;
    target.box.dataset.z = JSON.stringify(shown.z);
    s.decoded = (s.decoded || 0) + 1;
    s.root.dataset.decoded = String(s.decoded);
  }, () => { target.canvas.hidden = true; });  // a failed decode: the grid's picture shows through
  const decoder = s.decoder;
  target.latest.ask(async () => ({ z, digit: await decoder.decode(Float32Array.from(z), [2]) }));
  return true;
}
