// Small DOM and text helpers shared by the live control's views.

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
