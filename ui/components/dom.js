// Small DOM and text helpers shared by the components (the live control and the drawing pad: ui/draw.py
// puts this file in front of the pad's inline module, which cannot import it).

export function make(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A captioned picture: an <img> of `src`, or, with src null, a <canvas> the browser draws into. */
export function picture(src, caption, alt, className) {
  const figure = make("figure");
  const img = make(src === null ? "canvas" : "img", className);
  if (src === null) {
    img.setAttribute("role", "img");
    img.setAttribute("aria-label", alt);
  } else {
    img.src = src;
    img.alt = alt;
  }
  figure.append(img, make("figcaption", "", caption));
  return { figure, img, text: figure.lastChild };
}

/** A locale's template filled as dae/i18n.py fills it: {name} and {name:.Nf}; a number that rounds to
 *  zero shows no minus sign ("SSIM 0.00", never "-0.00"). */
export function fill(template, values) {
  return template.replace(/\{(\w+)(?::\.(\d+)f)?\}/g, (whole, name, digits) => {
    if (!(name in values)) return whole;
    if (digits === undefined) return String(values[name]);
    const text = Number(values[name]).toFixed(Number(digits));
    return /^-0\.?0*$/.test(text) ? text.slice(1) : text;
  });
}

let made = 0;

/** An id no element on the page has yet: several controls on one page (Latent space) each get their own,
 *  so a label's `for` names its own slider. */
export function uniqueId(prefix) {
  let id;
  do {
    made += 1;
    id = `${prefix}-${made}`;
  } while (document.getElementById(id));
  return id;
}

/** Instead of a control that cannot be drawn, a sentence saying why, in `root`: an empty box or a thrown
 *  error tells a student (or a teacher) nothing. The data's own translated sentence (labels.cannot_draw)
 *  is shown where it has one; the English reason stays in data-problem for whoever debugs it. */
export function cannotDraw(root, what, reason, labels) {
  const translated = typeof labels?.cannot_draw === "string" && labels.cannot_draw;
  const note = make("p", "cannot-draw", translated || `This ${what} cannot be drawn: ${reason}.`);
  note.setAttribute("role", "alert");
  root.replaceChildren(note);
  root.dataset.problem = reason;
  console.warn(`This ${what} cannot be drawn: ${reason}.`);
}

export const isObject = (value) => value !== null && typeof value === "object" && !Array.isArray(value);
