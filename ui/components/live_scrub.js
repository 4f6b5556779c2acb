// The live control's "scrub" layout (Latent space where the browser cannot decode): a code edited, or a walk
// between two digits, as the server's decoded pictures at every step; the slider flips them, nothing else,
// and nothing goes back to the server.
import { showFrame, slider } from "./live_frames.js";
import { walkPanel } from "./live_grid.js";

export function build(s, data) {
  s.root.append(slider(s, data), walkPanel(s, data));
}

export const show = showFrame;
