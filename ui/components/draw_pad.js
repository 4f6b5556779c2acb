// The drawing pad: white ink on a black 280 x 280 canvas, like MNIST's digits. A stroke is sent the
// moment the pen lifts (pointerup), as a PNG the server checks like an upload; Undo and Clear send too.
// While the pen moves, the page hears the pixels at most once a frame (a "dae-drawing" event on the
// document, nothing sent to the server): the live control computes its rows from the drawing as it is now.
// Streamlit runs this module inline, from a blob: URL where no relative import resolves: ui/draw.py puts
// dom.js's helpers in place of the import below. Served as a file (the browser tests import it so), it works as written.
import { cannotDraw, isObject, make } from "./dom.js";

const pads = new WeakMap();
const SIZE = 280;
const INK = 22;  // px on the 280 px pad: about MNIST's stroke width once the digit is fitted into 20 x 20
const LABELS = ["pad", "undo", "clear"];

function paint(p) {
  const { ctx } = p;
  ctx.fillStyle = "#000";
  ctx.fillRect(0, 0, SIZE, SIZE);
  for (const stroke of p.strokes) line(ctx, stroke);
}

function line(ctx, points) {
  ctx.strokeStyle = "#fff";
  ctx.fillStyle = "#fff";
  ctx.lineWidth = INK;
  ctx.lineCap = "round";
  ctx.lineJoin = "round";
  if (points.length === 1) {  // a tap is a dot
    ctx.beginPath();
    ctx.arc(points[0][0], points[0][1], INK / 2, 0, 2 * Math.PI);
    ctx.fill();
    return;
  }
  ctx.beginPath();
  ctx.moveTo(...points[0]);
  for (const point of points.slice(1)) ctx.lineTo(...point);
  ctx.stroke();
}

// The canvas's pixels to whoever listens on this page, once per animation frame however fast the pen moves.
function tell(p) {
  if (p.told) return;
  p.told = requestAnimationFrame(() => {
    p.told = 0;
    const pixels = p.ctx.getImageData(0, 0, SIZE, SIZE).data;
    document.dispatchEvent(new CustomEvent("dae-drawing", { detail: { pixels, width: SIZE, height: SIZE } }));
  });
}

function send(p) {
  tell(p);
  p.root.dataset.strokes = String(p.strokes.length);
  p.setStateValue("drawing", p.strokes.length ? p.canvas.toDataURL("image/png") : "");
}

function create(root) {
  const canvas = make("canvas", "draw-pad");
  canvas.width = SIZE;
  canvas.height = SIZE;
  const tools = make("div", "draw-tools");
  const undo = make("button", "draw-undo");
  const clear = make("button", "draw-clear");
  undo.type = clear.type = "button";
  tools.append(undo, clear);
  root.replaceChildren(canvas, tools);  // a sentence the pad showed instead, gone
  // Read back on every frame while drawing: kept in memory, not on the GPU.
  const p = { root, canvas, ctx: canvas.getContext("2d", { willReadFrequently: true }), strokes: [], current: null, undo, clear, told: 0 };
  paint(p);
  const at = (event) => {
    const box = canvas.getBoundingClientRect();
    return [((event.clientX - box.left) * SIZE) / box.width, ((event.clientY - box.top) * SIZE) / box.height];
  };
  canvas.addEventListener("pointerdown", (event) => {
    event.preventDefault();
    canvas.setPointerCapture(event.pointerId);
    p.current = [at(event)];
    p.strokes.push(p.current);
    line(p.ctx, p.current);
    tell(p);
  });
  canvas.addEventListener("pointermove", (event) => {
    if (!p.current) return;
    const last = p.current[p.current.length - 1];
    const next = at(event);
    p.current.push(next);
    line(p.ctx, [last, next]);
    tell(p);
  });
  const lift = () => {
    if (!p.current) return;
    p.current = null;
    paint(p);  // each stroke as one path, as Undo redraws it: the same drawing always sends the same PNG
    send(p);  // at once: no waiting after the pen lifts
  };
  canvas.addEventListener("pointerup", lift);
  canvas.addEventListener("pointercancel", lift);
  undo.addEventListener("click", () => { if (p.strokes.length) { p.strokes.pop(); paint(p); send(p); } });
  clear.addEventListener("click", () => { if (p.strokes.length) { p.strokes = []; paint(p); send(p); } });
  return p;
}

// A button's words, after a symbol that assistive technology skips.
function label(button, symbol, text) {
  const icon = make("span", "", symbol);
  icon.setAttribute("aria-hidden", "true");
  button.replaceChildren(icon, ` ${text}`);
}

// Why the pad cannot be drawn with `data`, or "".
function problem(data) {
  if (!isObject(data)) return "it was handed no data";
  if (!isObject(data.labels)) return "its data has no labels";
  const missing = LABELS.find((name) => typeof data.labels[name] !== "string");
  return missing ? `its data has no label "${missing}"` : "";
}

export default function (component) {
  const { data, parentElement, setStateValue } = component;
  const root = parentElement.querySelector(".draw-root") || parentElement;
  const reason = problem(data);
  if (reason) {  // a pad drawn before is dropped: the next data it can draw makes a new, empty one
    pads.delete(parentElement);
    cannotDraw(root, "drawing pad", reason, data?.labels);
    return;
  }
  delete root.dataset.problem;
  let p = pads.get(parentElement);
  if (!p) {
    p = create(root);
    pads.set(parentElement, p);
  }
  p.setStateValue = setStateValue;
  p.canvas.setAttribute("aria-label", data.labels.pad);
  p.canvas.setAttribute("role", "img");
  label(p.undo, "↶", data.labels.undo);
  label(p.clear, "✕", data.labels.clear);
  p.root.classList.toggle("present", Boolean(data.present));
}
