// What every layout of the live control shares: the range input over the levels, and the pictures the
// server computed for every level, which it flips between (a strip of frames per picture, a text per level).
// The level is sent once the slider rests (released, or no key for 400 ms), never while it moves.
import { make } from "./dom.js";

const REST_MS = 400;

/** The slider: s.show(index) follows it as it moves. Its id is its control's
 *  own (s.id), so its label names it and no other slider on the page. */
export function slider(s, data) {
  const id = `${s.id}-level`;
  const bar = make("div", "live-bar");
  const label = make("label", "", data.labels.level);
  const input = make("input");
  Object.assign(input, { type: "range", min: "0", max: String(data.levels.length - 1), step: "1", id });
  input.setAttribute("aria-label", data.labels.level);
  label.htmlFor = id;
  const value = make("output", "live-value");
  bar.append(label, input, value, make("span", "live-hint", data.labels.hint));
  input.addEventListener("pointerdown", () => { s.dragging = true; });
  const release = () => { s.dragging = false; rest(s, 0); };
  input.addEventListener("pointerup", release);
  input.addEventListener("pointercancel", release);
  // No "change" listener: a range input fires one on every arrow-key step; keys rest by time instead.
  input.addEventListener("input", () => { s.show(Number(input.value)); if (!s.dragging) rest(s, REST_MS); });
  s.input = input;
  s.value = value;
  return bar;
}

// Only the rows (Playground, Compare) send their level: a map's, a scrub's or a decode's step is the browser's alone.
function rest(s, delay) {
  clearTimeout(s.timer);
  s.timer = setTimeout(() => {
    if (!s.sends) return;
    const level = Number(s.levels[Number(s.input.value)]);
    if (level !== s.sent) {
      s.sent = level;
      s.setStateValue("level", level);
    }
  }, delay);
}

/** A text that follows the slider: get(data)[i] at level i. */
export function flip(s, node, get, property) {
  s.flips.push({ node, get, property });
}

/** A picture whose source is a strip of one frame per level, side by side: showing frame i only
 *  moves the strip (object-position), so no image is decoded while the slider moves. */
export function strip(s, img, get, aspect) {
  img.classList.add("strip");
  img.style.aspectRatio = String(aspect || 1);
  s.strips.push({ img, get });
}

export function showValue(s, index) {
  s.value.textContent = s.levels[index];
  s.input.setAttribute("aria-valuetext", s.levels[index]);
}

/** The server's frames at slider position `index`. */
export function showFrame(s, index) {
  for (const { node, get, property } of s.flips) node[property] = get(s.data)[index];
  const position = `${(index / (s.levels.length - 1)) * 100}% 0`;
  for (const { img } of s.strips) img.style.objectPosition = position;
  showValue(s, index);
  s.shown += 1;
  s.root.dataset.level = s.levels[index];
  s.root.dataset.framesShown = String(s.shown);
}

/** A new digit (or pattern) with the same rows: new pictures into the same elements, no DOM rebuilt
 *  (presentation mode's other colour map included: each colour bar follows its heatmap). */
export function refill(s) {
  for (const { img, get } of s.strips) img.src = get(s.data);
  paintScales(s);
  if (s.original) s.original.src = s.data.original;
  if (s.sourceText) s.sourceText.textContent = s.data.source;
}

/** Each code's colour bar, in the colour map its heatmap is drawn in. */
export function paintScales(s) {
  for (const { node, get } of s.scales) node.style.background = `linear-gradient(to right, ${get(s.data).join(", ")})`;
}
