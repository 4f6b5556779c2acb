// The live control's entry: Streamlit hands it each rerun's data; it checks the data (live_check.js), then
// builds the layout the data names, or, on a rerun with the same rows, only refills them. The layouts, each
// in its own module:
//   rows, grid  live_rows.js    Playground's rows and Compare's grid: the level sent once the slider rests
//   scrub       live_scrub.js   Latent space's decoded steps, the server's, flipped
//   decode      live_decode.js  Latent space's edit or walk, decoded in the browser at every position
//   map         live_map.js     Latent space's map of a 2-D code, with a walk on it
// The slider and the server's frames every layout shares are live_frames.js's.
import { cannotDraw, uniqueId } from "./dom.js";
import { problem } from "./live_check.js";
import * as computed from "./live_computed.js";
import * as decode from "./live_decode.js";
import { refill } from "./live_frames.js";
import * as map from "./live_map.js";
import * as rows from "./live_rows.js";
import * as scrub from "./live_scrub.js";

const LAYOUTS = { rows, grid: rows, scrub, decode, map };
const sessions = new WeakMap();

function session(parentElement) {
  let s = sessions.get(parentElement);
  if (!s) {
    // parentElement itself where Streamlit's html is not in it (a caller that mounts the module on its own)
    const root = parentElement.querySelector(".live-root") || parentElement;
    s = { root, id: uniqueId("live"), shown: 0, sent: null, timer: null };
    s.show = (index) => LAYOUTS[s.data.layout].show(s, index);
    sessions.set(parentElement, s);
    computed.followPen(s);
  }
  return s;
}

function build(s, data) {
  s.root.replaceChildren();
  Object.assign(s, { flips: [], strips: [], scales: [], views: { methods: [] }, levels: data.levels });
  s.root.dataset.engine = data.engine === "browser" ? "loading" : "server";
  LAYOUTS[data.layout].build(s, data);
}

function render(s, data) {
  const layout = LAYOUTS[data.layout];
  s.sends = Boolean(layout.sends);
  s.root.classList.toggle("present", Boolean(data.present));
  s.root.dataset.layout = data.layout;
  const fresh = s.signature !== data.signature;  // a new digit, noise kind, pattern or model choice
  const plane = data.plane ? [data.plane.model, data.plane.bounds] : null;
  const shape = JSON.stringify([data.layout, data.engine, data.labels, plane, data.methods.map((m) => [m.name, m.title, m.code_shape])]);
  const rebuilt = fresh && shape !== s.shape;  // other rows or words: build the table again
  s.data = data;
  if (fresh && data.engine === "browser") computed.take(s, data);
  if (rebuilt) {
    s.shape = shape;
    build(s, data);
  } else if (fresh) {
    refill(s);
  }
  s.signature = data.signature;
  // The server's level is taken only when the rows are (re)built (a page opened, a link, another
  // language): after that the slider leads, and the server's level, sent from here, lags behind it.
  if (rebuilt) {
    s.sent = Number(data.levels[data.start]);
    s.input.value = String(data.start);
  }
  layout.placed?.(s);
  if (fresh) s.show(Number(s.input.value));
}

// A sentence instead of the control; the next data that can be drawn builds it again from the start.
function refuse(s, data, reason) {
  clearTimeout(s.timer);
  Object.assign(s, { shape: null, signature: null, engine: null, modelsKey: null });
  cannotDraw(s.root, "control", reason, data?.labels);
}

export default function (component) {
  const { data, parentElement, setStateValue } = component;
  const s = session(parentElement);
  s.setStateValue = setStateValue;
  const reason = problem(data);
  if (reason) {
    refuse(s, data, reason);
    return;
  }
  delete s.root.dataset.problem;
  try {
    render(s, data);
  } catch (error) {  // a case the checks missed: still a sentence, never a half-built control
    console.error(error);
    refuse(s, data, String(error?.message || error));
  }
}
