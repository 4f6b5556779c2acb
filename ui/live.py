"""The live noise control (a Streamlit Components v2 element, no iframe): drag it and every picture follows.

In a lesson the student's browser computes the pictures (browser_frames): the server hands it the digit, the
noise kind's seeded unit fields and the models' files, and runs no model when the digit, the noise or the level
changes. A browser that cannot run the models gets the server's pictures instead (frames_for): every level in
steps of 0.05 at once (dae.pipeline.method_levels, one batch per model), which the component flips between.
When the slider rests, the component sends the level back; it is checked like a link's value (clamped to
0..1, snapped to 0.01, or ignored with a notice) before it becomes the session's level.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import streamlit as st

from dae import i18n, latent, noise
from dae.baselines import BASELINES
from dae.pipeline import noisy_levels, scores
from dae.render import plane
from dae.render.frames import code_shape, input_frames, method_name, method_row, method_title, strip
from dae.render.pictures import ColourMap, colour_stops, lookup_table
from dae.runtime import OnnxAutoencoder
from ui import link, state, styles
from ui.browser_models import COMPONENT, model_spec, weights_served
from ui.text import digit_source, notice, t

ASSETS = Path(__file__).resolve().parent / "components"
LABELS = ("level", "hint", "input", "original", "noisy", "model", "code", "reconstruction", "scores", "unit", "map")
# What the browser needs to write the numbers it computes, as the server writes them (dae.render.frames).
BROWSER_LABELS = ("scores_text", "identical", "clean", "code_range", "loading", "browser_failed")
MAP_LABELS = ("walk", "walk_hint", "map_alt", "map_hint", "pin_hint", "decoded", "here", "end", "pointer", "pinned")
WALK_STEPS = 11


def frames_for(
    digit: np.ndarray, models: list[OnnxAutoencoder], kind: str, seed: int, baselines: bool
) -> dict[str, Any]:
    """The live control's data for this digit, noise and models in the session's language and colours.

    Cached for the whole server: moving the slider reruns the page without recomputing anything, and a
    class opening the same link (same test digit, noise and models) computes it once.
    """
    names = tuple(model.name for model in models)
    digit = np.asarray(digit, np.float32)
    language, colour_map = state.view().lang, styles.colour_map()
    return _frames(digit, names, models, kind, seed, baselines, language, colour_map)


@st.cache_data(max_entries=128, show_spinner=False)  # 60-200 KB an entry
def _frames(
    digit: np.ndarray,
    names: tuple[str, ...],
    _models: list[OnnxAutoencoder],  # named by `names` in the cache key
    kind: str,
    seed: int,
    baselines: bool,
    language: str,
    colour_map: ColourMap,
) -> dict[str, Any]:
    noisy = noisy_levels(digit, kind, noise.LEVELS, seed)
    methods = [*_models, *(BASELINES if baselines else ())]
    rows = [_row(digit, noisy, kind, seed, method_name(method), method, language, colour_map) for method in methods]
    frames = {**input_frames(digit, noisy, *scores(digit, noisy), i18n.translator(language)), "methods": rows}
    # What the browser compares to tell new frames from a rerun's same ones.
    parts = f"{names}|{kind}|{seed}|{baselines}|{language}|{colour_map}"
    frames["signature"] = hashlib.sha1(digit.tobytes() + parts.encode()).hexdigest()
    return frames


@st.cache_data(max_entries=256, show_spinner=False)  # 20-40 KB a row
def _row(
    digit: np.ndarray,
    _noisy: np.ndarray,  # named by the digit, `kind` and `seed` in the cache key
    kind: str,
    seed: int,
    name: str,
    _method: OnnxAutoencoder | str,  # a model, or a classical filter by name; named by `name`
    language: str,
    colour_map: ColourMap,
) -> dict[str, Any]:
    """One method's row at every level, kept on its own: Compare shows the Playground's models on the same digit
    and noise, so a student going there and back runs each model once."""
    return method_row(digit, _noisy, _method, i18n.translator(language), colour_map)


@functools.cache
def _component() -> Callable[..., Any]:
    # File-backed (pyproject.toml's live_noise, asset_dir ui/components), so that its module can import the
    # browser's runtime beside it; made on first use, inside a running app, which has read pyproject.toml.
    return st.components.v2.component(
        COMPONENT,
        html='<div class="live-root" data-testid="live-noise"></div>',
        css="live_noise.css",
        js="live_noise.js",
        isolate_styles=False,  # in the page's own DOM: tests, benchmarks and the load test read it like any element
    )


def packed(array: np.ndarray) -> dict[str, str]:
    """A numpy array for the browser: its dtype and its bytes as base64 (a float32 digit is 4 KB of text)."""
    array = np.ascontiguousarray(array)
    return {"dtype": str(array.dtype), "data": base64.b64encode(array.tobytes()).decode("ascii")}


def browser_frames(
    digit: np.ndarray, models: list[OnnxAutoencoder], kind: str, seed: int, baselines: bool = False
) -> dict[str, Any]:
    """The live control's data when the browser computes the pictures: the digit, the seeded noise pattern's
    unit fields (any level is then the server's own add_noise), the models' files and how to write their rows,
    and (`baselines`) the classical filters it runs too (ui/components/filters.js). A few KB; nothing runs here."""
    digit = np.asarray(digit, np.float32)
    language, colour_map = state.view().lang, styles.colour_map()
    names = tuple(model.name for model in models)
    parts = f"{names}|{kind}|{seed}|{baselines}|{language}|{colour_map}|browser"
    translate = i18n.translator(language)
    filters = [{"name": name, "title": method_title(name, translate), "filter": True} for name in BASELINES]
    return {
        "engine": "browser",
        "levels": [f"{level:.2f}" for level in noise.FINE_LEVELS],
        "digit": packed(digit),
        "noise": noise.fields_payload(kind, seed),
        "methods": [_browser_method(model.name, model, language) for model in models] + (filters if baselines else []),
        "lut": packed(lookup_table(colour_map)),
        "colour_stops": colour_stops(colour_map),
        "signature": hashlib.sha1(digit.tobytes() + parts.encode()).hexdigest(),
    }


@st.cache_resource(show_spinner=False)  # read-only: every session shares one copy per model and language
def _browser_method(name: str, _model: OnnxAutoencoder, language: str) -> dict[str, Any]:
    """A model's row as the browser needs it: its files, and its words in the session's language."""
    model, translate = _model, i18n.translator(language)
    code = model.encode(np.zeros((1, 28, 28), np.float32))[0]  # only its shape is used
    method = {
        **model_spec(model),
        "title": method_title(model.name, translate),
        "code_caption": translate(f"model.{model.name}.code"),
        "code_shape": code_shape(code, translate),
    }
    if model.decoder_inputs > 1:  # a U-Net's code is not all its decoder reads
        method["note"] = translate("live.bypass")
    return method


def model_rows(
    digit: np.ndarray, models: list[OnnxAutoencoder], kind: str, seed: int, baselines: bool = False
) -> dict[str, Any]:
    """The live control's rows of these models: computed by the student's browser, or by the server where it said it
    cannot run the models (or where the server runs other models than the files it serves)."""
    server = not weights_served() or os.environ.get("DAE_SERVER_PICTURES") == "1"  # a deployment's choice; AppTest's
    if not server and not state.session().browser_failed:
        return browser_frames(digit, models, kind, seed, baselines)
    frames = frames_for(digit, models, kind, seed, baselines)
    frames = best_first(frames) if baselines else frames  # Compare's grid, best first; the rows keep their order
    if state.session().browser_failed:  # said above the rows, so a teacher knows why the steps are coarser
        frames = {**frames, "status": t("live.browser_failed")}
    return frames


def live_noise(frames: dict[str, Any], key: str, layout: str = "rows") -> float:
    """Show the live control over `frames` and return the session's noise level (updated when it rests)."""
    view = state.view()
    data = {
        **frames,
        "layout": layout,
        "start": opening_level(key, frames["signature"], len(frames["levels"]) - 1),
        "present": view.present,
        "source": digit_source().replace("`", ""),  # shown as plain text, not markdown
        "labels": {label: t(f"live.{label}") for label in LABELS},
    }
    if frames.get("engine") == "browser":
        # Templates: the browser fills them with the numbers it computes (dom.js fill, as dae.i18n.fill).
        data["labels"] |= {label: i18n.template(view.lang, f"live.{label}") for label in BROWSER_LABELS}
    result = _component()(
        key=key,
        data=data,
        default={"level": None, "browser_failed": None},
        on_level_change=lambda: None,
        on_browser_failed_change=lambda: None,
    )
    failed = result.get("browser_failed") if hasattr(result, "get") else None
    if isinstance(failed, str) and failed and not state.session().browser_failed:
        state.session().browser_failed = failed[:300]  # from now on, this session's pictures come from the server
        st.rerun(scope="fragment")
    sent = result.get("level") if hasattr(result, "get") else None
    session = state.session()
    if sent is not None and sent != session.live_sent.get(key):  # each value the control sends, handled once
        session.live_sent[key] = sent
        view.noise_level = checked_level(sent)
        state.sync_link()
    return view.noise_level


def opening_level(key: str, signature: str, steps: int) -> int:
    """Where the control's slider opens: the session's level when its rows are new (another digit, noise,
    page or language), else the level it opened at before.

    The browser takes it only when it builds its rows; after that the slider leads. Kept while the rows stay,
    a resting slider's rerun sends the very data the browser has, which Streamlit then sends as a reference:
    80 bytes instead of ~190 KB to each student each time. ui.page.setup forgets it on every whole-page run,
    where the control may be built again.
    """
    opened = state.session().live_opened
    if key not in opened or opened[key][0] != signature:
        opened[key] = (signature, round(state.view().noise_level * steps))  # levels 0 ... 1 in `steps` steps
    return opened[key][1]


def best_first(frames: dict[str, Any]) -> dict[str, Any]:
    """The same frames with the methods ordered by PSNR at the session's current level, best first (the browser
    orders its own the same way, live_computed.js)."""
    index = noise.level_index(state.view().noise_level)
    return {**frames, "methods": sorted(frames["methods"], key=lambda method: -method["psnr"][index])}


def checked_level(sent: object) -> float:
    """A level from the browser, checked as a link's ?noise= is: clamped, or ignored with a notice."""
    level, notices = link.level_from_browser(sent)
    for key, params in notices:
        st.warning(notice(key, params), icon=":material/tune:")
    return state.view().noise_level if level is None else level


@st.cache_resource(show_spinner=False)  # read-only and shared: no copy per rerun, unlike st.cache_data
def _plane(name: str, _model: OnnxAutoencoder, _images: np.ndarray, _labels: np.ndarray) -> dict[str, Any]:
    """A 2-D model's map, once per server: the test digits' codes as dots and a 24 x 24 grid of decodes."""
    codes = _model.encode(_images)
    grid = latent.decode_plane(_model, latent.plane_bounds(codes))
    return {**plane.plane_frames(grid, codes, _labels), "model": name, "grid": grid}


def walk_panels(model: OnnxAutoencoder, digit: np.ndarray, end_digit: np.ndarray) -> list[dict[str, Any]]:
    """The straight line between two digits' codes, decoded at WALK_STEPS points, beside a plain pixel blend."""
    through_code, blend = latent.interpolate(model, digit, end_digit, WALK_STEPS)
    return [
        {
            "name": "code",
            "title": t("latent.through_code_short"),
            "images": through_code,
            "captions": [""] * WALK_STEPS,
        },
        {"name": "blend", "title": t("latent.pixel_blend_short"), "images": blend, "captions": [""] * WALK_STEPS},
    ]


def walk_steps() -> list[str]:
    return [f"{step}/{WALK_STEPS - 1}" for step in range(WALK_STEPS)]


def live_map(
    model: OnnxAutoencoder, digit: np.ndarray, end_digit: np.ndarray, test_set: tuple[np.ndarray, np.ndarray], key: str
) -> None:
    """The map of a 2-D code: the decoder's digit under the pointer, a pin, and a walk from `digit` to `end_digit`."""
    cached = _plane(model.name, model, *test_set)
    grid = cached["grid"]
    here, end = model.encode(np.stack([digit, end_digit]))
    walk = walk_panels(model, digit, end_digit)
    walk[0]["captions"] = [
        f"z = ({z[0]:.2f}, {z[1]:.2f})" for z in np.linspace(here, end, WALK_STEPS)
    ]  # where on the map each step is
    labels = {label: t(f"live.{label}") for label in (*MAP_LABELS, "reconstruction")}
    data = {
        "layout": "map",
        "plane": {
            **{field: value for field, value in cached.items() if field != "grid"},
            "here": plane.marker(grid, here, labels["here"]),
            "end": plane.marker(grid, end, labels["end"]),
            # The browser decodes the exact point under the pointer with this file (the grid until it can).
            "decoder": model_spec(model) if weights_served() and not state.session().browser_failed else None,
        },
        "levels": walk_steps(),
        "methods": _scrub_methods(walk),
        "start": 0,
        "present": state.view().present,
        "labels": {**labels, "level": labels["walk"], "hint": labels["walk_hint"]},
        "signature": hashlib.sha1(digit.tobytes() + end_digit.tobytes() + model.name.encode()).hexdigest(),
    }
    _component()(key=key, data=data, default={"level": 0.0}, on_level_change=lambda: None)


def _scrub_methods(panels: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Panels of pictures (one per step) as the live control's methods: one PNG strip each, captions as scores."""
    return [
        {"name": panel["name"], "title": panel["title"], "reconstructions": strip(list(panel["images"])),
         "scores": panel["captions"]}
        for panel in panels
    ]  # fmt: skip


def decodes_in_browser(model: OnnxAutoencoder) -> bool:
    """Whether this session's browser decodes `model`'s codes itself (Latent space's edits and walks): its decoder
    reads the code alone (not a U-Net's), the files are the server's, and the browser has not said it cannot."""
    server = not weights_served() or os.environ.get("DAE_SERVER_PICTURES") == "1"
    return model.decoder_inputs == 1 and not server and not state.session().browser_failed


def live_decode(
    model: OnnxAutoencoder, code: np.ndarray, edit: dict[str, Any], titles: list[str], labels: dict[str, str], key: str
) -> None:
    """A slider whose every position (101 of them) the browser decodes (ui/components/live_decode.js): `edit` says
    how a position changes `code` ({"kind": "unit" or "map", "index", "from", "to", "start"}, or {"kind": "walk",
    "end": the second code, "digits": both digits}); `titles` names the panels; labels: "level", "hint",
    "caption" (a template of {value}). Where the browser cannot, it says so and the session gets live_scrub."""
    levels = np.linspace(edit["from"], edit["to"], 101)
    data = {
        "layout": "decode",
        "decoder": model_spec(model),
        "code": packed(np.asarray(code, np.float32)),
        "shape": list(code.shape),
        "edit": edit,
        "levels": [f"{level:.2f}" for level in levels],
        "start": int(np.argmin(np.abs(levels - edit["start"]))),
        "panels": [{"title": title} for title in titles],
        "methods": [],
        "present": state.view().present,
        "labels": {**labels, "reconstruction": t("live.reconstruction")},
        "signature": hashlib.sha1(np.asarray(code).tobytes() + repr((model.name, edit, titles)).encode()).hexdigest(),
    }
    result = _component()(key=key, data=data, default={"browser_failed": None}, on_browser_failed_change=lambda: None)
    failed = result.get("browser_failed") if hasattr(result, "get") else None
    if isinstance(failed, str) and failed and not state.session().browser_failed:
        state.session().browser_failed = failed[:300]  # the server's pictures from now on
        st.rerun()


def live_scrub(steps: list[str], panels: list[dict[str, Any]], labels: dict[str, str], start: int, key: str) -> None:
    """A slider that flips decoded pictures in the browser (a code being edited, a walk between two digits).

    Each panel is {"name", "title", "images": [one (28, 28) picture per step], "captions": [one per step]};
    `labels` gives the slider's "level" (its name) and "hint". Nothing goes back to the server.
    """
    methods = _scrub_methods(panels)
    content = "".join(methods[0]["scores"]) + "".join(method["reconstructions"] for method in methods)
    data = {
        "layout": "scrub",
        "levels": steps,
        "methods": methods,
        "start": start,
        "present": state.view().present,
        "labels": {**labels, "reconstruction": t("live.reconstruction")},
        "signature": hashlib.sha1(content.encode()).hexdigest(),
    }
    _component()(key=key, data=data, default={"level": 0.0}, on_level_change=lambda: None)
