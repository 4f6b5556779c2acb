"""The components check what they are handed, in real Chromium against the real app: each module, imported from
the URL Streamlit serves it at and called as Streamlit calls it (Components v2: default({data, parentElement,
setStateValue, ...})), shows a sentence saying why it cannot draw broken data, and throws nothing; and two
controls on one page each have their own ids (their labels name their own sliders; axe finds no duplicate id)."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from tools.browser import wait_until_still

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / "tools" / "a11y" / "axe.min.js"
SERVED = "/_stcore/bidi-components/dae-app.live_noise"
LIVE = ("live_noise.js", '<div class="live-root"></div>')
PAD = ("draw_pad.js", '<div class="draw-root"></div>')
PIXEL = (  # one black pixel: a picture strip of any number of levels, as far as the control can tell
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg=="
)

# Calls a component's module the way Streamlit does, on a fresh parent element (or the one named `reuse`), and
# says what its root shows. The call is synchronous: whatever it draws or says is there when it returns.
MOUNT = """async ([url, html, data, reuse]) => {
  const m = await import(url);
  let parent = reuse && document.getElementById(reuse);
  if (!parent) {
    parent = document.createElement("div");
    parent.id = reuse || `mount-${document.querySelectorAll("[id^=mount-]").length}`;
    parent.innerHTML = html;
    document.body.append(parent);
  }
  const sent = [];
  let thrown = null;
  try {
    m.default({ name: "test", key: parent.id, data, parentElement: parent,
                setStateValue: (name, value) => sent.push([name, value]), setTriggerValue: () => {} });
  } catch (error) {
    thrown = String(error?.stack || error);
  }
  const root = parent.firstElementChild;
  await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));  // anything it scheduled, run
  const count = (selector) => root.querySelectorAll(selector).length;
  return { thrown, sent, text: root.innerText.trim(), problem: root.dataset.problem ?? null,
           alerts: count("[role=alert]"), sliders: count("input[type=range]") };
}"""

# Every id on the page, and each live control's labels: whether the id their `for` names is an input in that control.
IDS = """() => ({
  ids: [...document.querySelectorAll("[id]")].map((node) => node.id),
  labels: [...document.querySelectorAll(".live-root label")].map((label) => {
    const target = document.getElementById(label.htmlFor);
    return { for: label.htmlFor, input: target?.tagName === "INPUT",
             own: Boolean(target) && target.closest(".live-root") === label.closest(".live-root") };
  }),
})"""
RUN_AXE = """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations.map(v => ({
    id: v.id, impact: v.impact, where: v.nodes.slice(0, 3).map(n => n.target.join(" "))}))"""


def scrub() -> dict:
    """A scrub (a walk's decoded steps) of three steps, one panel: the smallest data the live control draws."""
    return {
        "layout": "scrub",
        "levels": ["0/2", "1/2", "2/2"],
        "start": 0,
        "methods": [{"name": "code", "title": "Through the code", "reconstructions": PIXEL, "scores": ["a", "b", "c"]}],
        "present": False,
        "labels": {"level": "Walk", "hint": "drag", "reconstruction": "Reconstruction"},
        "signature": "scrub-1",
    }


def rows() -> dict:
    """Playground's rows as the server computes them (no model chosen: the input and its noise alone)."""
    labels = ("level", "hint", "input", "original", "noisy", "model", "code", "reconstruction", "scores", "unit", "map")
    return {
        "layout": "rows",
        "levels": ["0.00", "0.50", "1.00"],
        "start": 1,
        "original": PIXEL,
        "noisy": PIXEL,
        "noisy_scores": ["clean", "PSNR 20", "PSNR 10"],
        "methods": [],
        "source": "test digit #0",
        "labels": {label: label.title() for label in labels},
        "signature": "rows-1",
    }


def plane() -> dict:
    """Latent space's map of a 2-D code, with its walk."""
    names = ("walk", "walk_hint", "map_alt", "map_hint", "pin_hint", "decoded", "here", "end", "pointer", "pinned")
    labels = {name: name for name in names} | {"level": "Walk", "hint": "drag", "reconstruction": "Reconstruction"}
    here = {"x": 0.25, "y": 0.5, "label": "this digit", "inside": True}
    end = {**here, "x": 0.75, "label": "the other"}
    pictures = {"scatter": PIXEL, "sprite": PIXEL, "size": 4, "bounds": [-2, 2, -2, 2], "colours": ["#000"] * 10}
    return {
        **scrub(),
        "layout": "map",
        "plane": {**pictures, "here": here, "end": end, "model": "vae_2d", "decoder": None},
        "labels": labels,
        "signature": "map-1",
    }


def decode() -> dict:
    """Latent space's edit of one unit, decoded in the browser."""
    return {
        "layout": "decode",
        "decoder": {"name": "basic_ae", "sha256": {}},
        "code": {"dtype": "float32", "data": "AAAAAAAAAAA="},
        "shape": [2],
        "edit": {"kind": "unit", "index": 0, "from": 0.0, "to": 1.0, "start": 0.0},
        "levels": ["0.00", "0.50", "1.00"],
        "start": 0,
        "panels": [{"title": "Decoded"}],
        "methods": [],
        "labels": {"level": "Unit 0", "hint": "drag", "reconstruction": "Reconstruction", "caption": "{value:.2f}"},
        "signature": "decode-1",
    }


def broken(base: dict, path: str, value: object) -> dict:
    """`base` with the field at `path` ("plane.size", "methods.0.scores") set to `value`, or removed (...)."""
    data = copy.deepcopy(base)
    *parents, last = path.split(".")
    node = data
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    if value is ...:
        del node[last]
    else:
        node[int(last) if isinstance(node, list) else last] = value
    return data


# (the data, what the sentence says was wrong with it)
LIVE_CASES = {
    "no data": (None, "it was handed no data"),
    "no levels": (broken(scrub(), "levels", ...), "its data has no levels"),
    "empty levels": (broken(scrub(), "levels", []), "its data has no levels"),
    "one level": (broken(broken(scrub(), "levels", ["0/0"]), "methods.0.scores", ["a"]), "a slider needs two"),
    "a level not a number": (broken(rows(), "levels", ["0.00", "half", "1.00"]), "levels are not all numbers"),
    "start past the end": (broken(scrub(), "start", 3), "its start is not one of its 3 levels"),
    "unknown layout": (broken(scrub(), "layout", "spiral"), 'its layout "spiral" is not one of'),
    "no labels": (broken(scrub(), "labels", ...), "its data has no labels"),
    "no slider label": (broken(scrub(), "labels.level", ...), 'its data has no label "level"'),
    "no signature": (broken(scrub(), "signature", ...), "its data has no signature"),
    "no methods": (broken(scrub(), "methods", ...), "its data has no list of methods"),
    "scores short": (broken(scrub(), "methods.0.scores", ["a"]), "should have one entry per level (3), not 1"),
    "no pictures": (broken(scrub(), "methods.0.reconstructions", ...), "method 1 has no pictures"),
    "no input": (broken(rows(), "original", ...), "its data has no pictures of the input"),
    "noisy scores short": (broken(rows(), "noisy_scores", []), "the noisy digit's scores should have one entry"),
    "a one-cell map": (broken(plane(), "plane.size", 1), "its map has no grid"),
    "bounds not numbers": (broken(plane(), "plane.bounds", [-2, 2, "x", 2]), "bounds are not four numbers"),
    "no walk": (broken(plane(), "plane.end", ...), "its map has no walk"),
    "no map": (broken(plane(), "plane", ...), "its data has no map"),
    "an unknown edit": (broken(decode(), "edit.kind", "spin"), "its edit is not one of unit, map, walk"),
    "an edit without a range": (broken(decode(), "edit.to", None), "its edit has no range of numbers"),
    "no panels": (broken(decode(), "panels", []), "its data has no panels"),
}
PAD_CASES = {
    "no data": ("nonsense", "it was handed no data"),
    "no labels": ({"present": False}, "its data has no labels"),
    "no undo label": ({"labels": {"pad": "Pad", "clear": "Clear"}}, 'its data has no label "undo"'),
}


@pytest.fixture
def errors(page) -> list[str]:
    """What the page throws from now on (a module's error, an unhandled rejection): none, in every test here."""
    thrown: list[str] = []
    page.on("pageerror", lambda error: thrown.append(str(error)))
    return thrown


def mount(page, component: tuple[str, str], data: object, reuse: str | None = None) -> dict:
    file, html = component
    return page.evaluate(MOUNT, [f"{SERVED}/{file}", html, data, reuse])


@pytest.mark.parametrize("case", LIVE_CASES)
def test_the_live_control_says_why_it_cannot_draw_broken_data(page, errors, case):
    data, reason = LIVE_CASES[case]
    shown = mount(page, LIVE, data)
    assert shown["thrown"] is None
    assert shown["text"].startswith("This control cannot be drawn: ") and shown["text"].endswith(".")
    assert reason in shown["text"] and reason in shown["problem"]
    assert (shown["alerts"], shown["sliders"], shown["sent"]) == (1, 0, [])
    assert errors == []


@pytest.mark.parametrize("case", PAD_CASES)
def test_the_drawing_pad_says_why_it_cannot_draw_broken_data(page, errors, case):
    data, reason = PAD_CASES[case]
    shown = mount(page, PAD, data)
    assert shown["thrown"] is None
    assert shown["text"].startswith("This drawing pad cannot be drawn: ") and reason in shown["text"]
    assert shown["alerts"] == 1
    assert page.locator("#mount-0 canvas").count() == 0  # no pad without its words
    assert errors == []


def test_the_same_data_mended_draws_the_control_again(page, errors):
    for layout in (scrub(), rows(), plane()):  # each layout the server can draw without the browser's models
        name = f"mended-{layout['layout']}"
        assert mount(page, LIVE, broken(layout, "levels", ["0"]), reuse=name)["problem"]
        shown = mount(page, LIVE, layout, reuse=name)
        assert (shown["problem"], shown["alerts"], shown["sliders"], shown["thrown"]) == (None, 0, 1, None), layout
        assert "cannot be drawn" not in shown["text"]
        again = mount(page, LIVE, {**broken(layout, "start", -1), "signature": "other"}, reuse=name)
        assert "its start is not one of" in again["text"] and again["sliders"] == 0  # a drawn control, replaced
    pad = mount(page, PAD, {"labels": {"pad": "Pad", "undo": "Undo", "clear": "Clear"}, "present": False}, "pad")
    assert (pad["problem"], pad["alerts"]) == (None, 0) and "Undo" in pad["text"] and "Clear" in pad["text"]
    assert page.locator("#pad canvas.draw-pad").count() == 1
    assert errors == []


def test_a_translated_sentence_is_shown_where_the_data_has_one(page, errors):
    data = broken(scrub(), "levels", [])
    data["labels"]["cannot_draw"] = "这个控件无法显示。"
    shown = mount(page, LIVE, data)
    assert shown["text"] == "这个控件无法显示。" and shown["problem"] == "its data has no levels"
    assert errors == []


def test_two_controls_on_one_page_each_have_their_own_ids(page, errors):
    page.locator(".live-root input[type=range]").wait_for()  # the Playground's own control, beside the two
    before = len(page.evaluate(IDS)["labels"])
    first, second = mount(page, LIVE, scrub()), mount(page, LIVE, {**rows(), "signature": "rows-2"})
    assert first["sliders"] == second["sliders"] == 1
    found = page.evaluate(IDS)
    assert len(found["labels"]) == before + 2
    assert all(label["input"] and label["own"] for label in found["labels"]), found["labels"]
    assert len(set(found["ids"])) == len(found["ids"])
    assert errors == []


def test_latent_space_labels_name_their_own_sliders(page, server_url, errors):
    page.goto(f"{server_url}/latent_space?index=0")
    page.get_by_text("Basic autoencoder", exact=True).click()  # a unit's edit and a walk: two sliders
    page.locator(".live-root input[type=range]").nth(1).wait_for()
    wait_until_still(page)
    found = page.evaluate(IDS)
    assert len(found["labels"]) >= 2
    assert all(label["input"] and label["own"] for label in found["labels"]), found["labels"]
    duplicates = sorted({i for i in found["ids"] if found["ids"].count(i) > 1})
    assert duplicates == []
    page.evaluate(AXE.read_text())
    violations = page.evaluate(RUN_AXE)
    assert [v for v in violations if v["id"].startswith("duplicate-id")] == []
    assert [v for v in violations if v["impact"] in ("serious", "critical")] == []
    assert errors == []
