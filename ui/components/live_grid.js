// Panels side by side, one per method: Compare's reconstructions (ordered best first), and the decoded
// steps a walk or an edit flips between (the "scrub" and "map" layouts).
import { make, picture } from "./dom.js";
import { flip, strip } from "./live_frames.js";

/** One panel per method of data.methods: the browser's canvases (s.views), or the server's strips. */
export function methodGrid(s, data) {
  const grid = make("div", "live-grid");
  const browser = data.engine === "browser";
  data.methods.forEach((method, m) => {
    const alt = `${data.labels.reconstruction}: ${method.title}`;
    const panel = picture(browser ? null : method.reconstructions, method.title, alt);
    const scores = make("div", "live-scores");
    scores.dataset.method = method.name;
    panel.figure.append(scores);
    if (browser) {
      s.views.methods[m] = { rebuilt: panel.img, scores, figure: panel.figure };
    } else {
      strip(s, panel.img, (d) => d.methods[m].reconstructions);
      flip(s, scores, (d) => d.methods[m].scores, "textContent");
    }
    grid.append(panel.figure);
  });
  return grid;
}

/** The steps of a walk (or an edit) the slider flips. */
export function walkPanel(s, data) {
  const grid = methodGrid(s, data);
  grid.classList.add("live-walk");
  return grid;
}
