"""The Streamlit app, run headless with AppTest: every page renders, widgets change what is shown."""

import base64
import io
import json
import re
import time

import numpy as np
import pytest
from PIL import Image
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.testing.v1 import AppTest

from dae.baselines import BASELINES
from dae.catalog import DENOISERS
from dae.noise import LEVELS, add_noise
from tests.conftest import DEFAULT_PAGE, PAGE_FILES, REPO
from tests.photos import paper_photo
from tests.test_draw import pad_png
from ui.browser_models import COMPONENT
from ui.draw import digit_from_drawing

TIMEOUT = 60  # the first run loads four models and the test digits


def live(at: AppTest) -> dict:
    """The data the page hands the live noise control: every level's pictures and scores, and the level shown."""
    (element,) = [e for e in at.get("bidi_component") if e.proto.component_name == COMPONENT]
    return json.loads(element.proto.json)


def psnr_values(at: AppTest, level: float | None = None) -> list[float]:
    """Each shown model's PSNR at `level` (default: the level the control shows), top to bottom."""
    data = live(at)
    index = data["start"] if level is None else data["levels"].index(f"{level:.2f}")
    return [method["psnr"][index] for method in data["methods"]]


@pytest.fixture(autouse=True)
def server_pictures(monkeypatch):
    """AppTest runs no JavaScript: these tests read the pictures and scores the server computes for a browser
    that cannot run the models (tests/e2e/test_browser_playground.py checks the browser's, in Chromium)."""
    monkeypatch.setenv("DAE_SERVER_PICTURES", "1")


@pytest.fixture
def app() -> AppTest:
    at = AppTest.from_file("../app.py", default_timeout=TIMEOUT)
    at.run()
    assert not at.exception
    return at


def strip_frames(strip: str, count: int) -> np.ndarray:
    """A PNG strip of `count` 28 x 28 pictures side by side (a data URL) -> (count, 28, 28) floats in [0, 1]."""
    pixels = np.asarray(Image.open(io.BytesIO(base64.b64decode(strip.split(",", 1)[1]))).convert("L"), np.float32)
    return (pixels / 255).reshape(28, count, 28).transpose(1, 0, 2)


def draw_on_pad(at: AppTest, sent: str) -> AppTest:
    """Rerun as the browser does when a stroke ends: the pad's value (a PNG data URL) beside the other widgets'.
    AppTest has no setter for a custom component, so its widget state is added to the ones AppTest sends."""
    (pad,) = [e for e in at.get("bidi_component") if e.proto.component_name.endswith("draw_pad")]
    states = at._tree.get_widget_states()
    states.widgets.append(WidgetState(id=pad.proto.id, json_value=json.dumps({"drawing": sent})))
    return at._run(states)


def pick_test_digit(at: AppTest, index: int) -> AppTest:
    at.radio(key="input_source").set_value("test").run()
    at.number_input(key="test_index").set_value(index).run()
    assert not at.exception
    return at


def test_the_first_screen_already_shows_every_model_at_work(app):
    assert app.radio(key="input_source").value == "draw"
    assert any("Draw a digit" in caption.value and "test digit #0" in caption.value for caption in app.caption)
    assert len(psnr_values(app)) == len(DENOISERS)  # a test digit until the first stroke
    assert live(app)["source"] == "test digit #0 (label 7)"


def test_test_digit_shows_every_model_and_its_scores(app):
    pick_test_digit(app, 3)
    assert len(psnr_values(app)) == len(DENOISERS)
    assert live(app)["source"] == "test digit #3 (label 0)"


def test_psnr_falls_as_noise_rises(app):
    pick_test_digit(app, 0)
    data = live(app)
    assert data["levels"] == [f"{step * 0.05:.2f}" for step in range(21)]  # every level, ready to flip through
    low_noise, high_noise = psnr_values(app, 0.1), psnr_values(app, 0.9)
    assert not app.exception
    assert data["noisy_scores"][0] == "clean: no noise yet"  # not "100 dB"
    # The convolutional denoisers (rows 3 and 4) do worse on a much noisier digit. (The dense
    # denoiser, trained at f = 0.5 only, can do better at 0.9 than at 0.1 on a single digit.)
    assert high_noise[2] < low_noise[2] - 3 and high_noise[3] < low_noise[3] - 3


def test_new_noise_changes_the_noisy_digit(app):
    pick_test_digit(app, 0)
    before = psnr_values(app)
    app.button(key="new_noise").click().run()
    assert psnr_values(app) != before


@pytest.mark.parametrize("kind", ["salt_and_pepper", "masking"])
def test_other_noise_kinds_render(app, kind, test_digits):
    """The pictures shown are this kind's noise on the digit at every level, and every model is fed and scored on
    them: not the default gaussian's pictures and scores left in place."""
    pick_test_digit(app, 7)
    gaussian = live(app)
    app.selectbox(key="noise_kind_widget").set_value(kind).run()
    assert not app.exception
    data = live(app)
    noisy = strip_frames(data["noisy"], len(LEVELS))
    digit = test_digits[0][7]
    expected = np.stack([add_noise(digit, kind, level, seed=0) for level in LEVELS])  # the link has no seed: 0
    np.testing.assert_allclose(noisy, expected, atol=1 / 255)  # this kind's noise (PNG rounds to 1/255)
    np.testing.assert_allclose(noisy[0], digit, atol=1 / 255)  # level 0 is the clean digit ...
    assert np.abs(noisy[-1] - digit).max() > 0.5  # ... and level 1 is not (a small mask can miss the strokes)
    other = strip_frames(gaussian["noisy"], len(LEVELS))
    assert all(np.abs(noisy[i] - other[i]).mean() > 0.01 for i in range(1, len(LEVELS)))  # not gaussian's noise
    assert [method["name"] for method in data["methods"]] == [method["name"] for method in gaussian["methods"]]
    assert len(data["methods"]) == len(DENOISERS)
    for method, before in zip(data["methods"], gaussian["methods"], strict=True):
        assert np.isfinite(method["psnr"]).all() and len(method["psnr"]) == len(LEVELS)
        assert method["psnr"][1:] != before["psnr"][1:], method["name"]  # scored on this kind's noise
        rebuilt = strip_frames(method["reconstructions"], len(LEVELS))
        assert np.abs(rebuilt - strip_frames(before["reconstructions"], len(LEVELS))).mean() > 0.005, method["name"]
    assert data["noisy_scores"][0] == "clean: no noise yet" and data["noisy_scores"][1:] != gaussian["noisy_scores"][1:]


def test_choosing_one_model_shows_one_row(app):
    pick_test_digit(app, 1)
    app.pills(key="models_widget").set_value(["conv_dae"]).run()
    assert len(psnr_values(app)) == 1
    app.pills(key="models_widget").set_value([]).run()
    assert any("at least one model" in info.value for info in app.info)
    data = live(app)  # the input and its noise stay, at every level, with no model row
    assert data["methods"] == [] and len(data["noisy"]) > 0 and len(data["noisy_scores"]) == 21
    assert len(app.get("download_button")) == 1  # the digit still downloads; a comparison of nothing does not


def test_the_shared_page_list_is_every_page_of_the_app():
    """tests/conftest.py reads app.py's PAGES; each is a file in pages/, and each file there is one of them."""
    assert sorted(PAGE_FILES) == sorted(f"pages/{path.name}" for path in (REPO / "pages").glob("*.py"))
    assert DEFAULT_PAGE == PAGE_FILES[0] == "pages/playground.py"


@pytest.mark.parametrize("page", PAGE_FILES)
def test_every_page_renders(app, page):
    pick_test_digit(app, 5)
    app.switch_page(page).run()
    assert not app.exception
    assert not app.error, [e.value for e in app.error]
    assert app.title[0].value


def scrubbed(at: AppTest, key: str) -> tuple[dict, np.ndarray]:
    """A live scrub's data on the page, and its first panel's frames decoded from the PNG strip."""
    (element,) = [e for e in at.get("bidi_component") if e.proto.component_name == COMPONENT and key in e.id]
    data = json.loads(element.proto.json)
    strip = data["methods"][0]["reconstructions"].split(",", 1)[1]
    pixels = np.asarray(Image.open(io.BytesIO(base64.b64decode(strip))).convert("L"), np.float32) / 255
    frames = pixels.reshape(pixels.shape[0], len(data["levels"]), -1).transpose(1, 0, 2)
    return data, frames


def test_latent_page_edits_decode_live(app):
    pick_test_digit(app, 2)
    app.switch_page("pages/latent_space.py").run()
    assert live(app)["layout"] == "map"  # the VAE's map first
    app.radio(key="latent_model").set_value("conv_dae").run()
    data, frames = scrubbed(app, "edit_conv_dae")
    assert data["layout"] == "scrub" and len(data["levels"]) == 21 and data["levels"][data["start"]] == "1.00"
    assert np.abs(frames[0] - frames[-1]).mean() > 0.01  # map x 0 and map x 4 decode differently
    app.radio(key="latent_model").set_value("basic_ae").run()
    data, frames = scrubbed(app, "edit_basic_ae")
    unit = app.number_input(key="unit_basic_ae").value
    assert data["methods"][0]["scores"][0] == f"unit {unit} = 0.00" and np.abs(frames[0] - frames[-1]).mean() > 0.01
    walk, steps = scrubbed(app, "walk_basic_ae")
    assert walk["levels"][-1] == "10/10" and np.abs(steps[0] - steps[-1]).mean() > 0.05
    assert not app.exception


def test_a_shared_link_opens_that_view():
    at = AppTest.from_file("../app.py", default_timeout=TIMEOUT)
    at.query_params.update({"noise": "0.3", "kind": "masking", "index": "42", "models": "conv_dae,easy_dae"})
    at.run()
    assert not at.exception and not at.warning
    assert live(at)["levels"][live(at)["start"]] == "0.30"
    assert at.selectbox(key="noise_kind_widget").value == "masking"
    assert at.radio(key="input_source").value == "test" and at.number_input(key="test_index").value == 42
    assert at.pills(key="models_widget").value == ["easy_dae", "conv_dae"]
    assert len(psnr_values(at)) == 2
    # Moving a control writes the view back into the link.
    at.button(key="new_noise").click().run()
    assert at.query_params["seed"] == "1" and at.query_params["noise"] == "0.30" and at.query_params["index"] == "42"


def test_out_of_range_link_values_are_clamped_or_ignored_with_a_notice():
    at = AppTest.from_file("../app.py", default_timeout=TIMEOUT)
    at.query_params.update({"noise": "-3", "index": "99999", "models": "unknown", "kind": "speckle"})
    at.run()
    assert not at.exception
    notices = " ".join(warning.value for warning in at.warning)
    assert "noise=`-3`" in notices and "index=`99999`" in notices and "`unknown`" in notices and "`speckle`" in notices
    assert live(at)["start"] == 0
    assert at.number_input(key="test_index").value == 9999
    assert len(psnr_values(at)) == len(DENOISERS)


def test_link_values_are_shown_as_code_not_markdown():
    at = AppTest.from_file("../app.py", default_timeout=TIMEOUT)
    at.query_params.update({"kind": "[answers](https://example.org) $x^2$ `"})
    at.run()
    assert not at.exception
    (notice,) = [warning.value for warning in at.warning]
    assert "`[answers](https://example.org) $x^2$ '`" in notice  # one code span: no link, no formula


def test_a_damaged_model_file_disables_only_that_model(tmp_path, monkeypatch):
    import shutil

    import streamlit as st

    from dae import catalog

    shutil.copytree(catalog.weights_dir(), tmp_path, dirs_exist_ok=True)
    with open(tmp_path / "conv_dae.encoder.onnx", "r+b") as damaged:
        damaged.truncate(1000)
    monkeypatch.setenv("DAE_WEIGHTS_DIR", str(tmp_path))
    st.cache_resource.clear()  # the models are cached per process; load them again from tmp_path
    at = AppTest.from_file("../app.py", default_timeout=TIMEOUT)
    try:
        at.run()
        pick_test_digit(at, 3)
        assert len(psnr_values(at)) == len(DENOISERS) - 1
        errors = " ".join(error.value for error in at.error)
        assert "conv_dae.encoder.onnx" in errors and "python -m dae.training.export conv_dae" in errors
    finally:
        st.cache_resource.clear()


def test_missing_mnist_leaves_drawing_and_uploads_working(tmp_path, monkeypatch, test_digits):
    """Without the MNIST file, the page says so, and a drawing and an uploaded photo each become the digit every
    model rebuilds and scores; every page still opens."""
    import streamlit as st

    from dae import data

    drawn, photographed = test_digits[0][5], test_digits[0][0]  # read before the file goes: the tests' own digits
    monkeypatch.setenv("DAE_MNIST", str(tmp_path / "gone.npz"))
    data.load_mnist.cache_clear()
    st.cache_resource.clear()
    at = AppTest.from_file("../app.py", default_timeout=TIMEOUT)

    def shown_digit() -> np.ndarray:
        return strip_frames(live(at)["original"], 1)[0]

    def rebuilt_and_scored() -> None:
        assert not at.exception
        methods = live(at)["methods"]
        assert [method["name"] for method in methods] == list(DENOISERS)
        for method in methods:
            assert np.isfinite(method["psnr"]).all()
            assert strip_frames(method["reconstructions"], len(LEVELS)).max() > 0.5, method["name"]  # not blank

    try:
        at.run()
        assert not at.exception
        assert any("git checkout -- data/mnist.npz" in error.value for error in at.error)
        sent = pad_png(drawn)
        draw_on_pad(at, sent)
        assert live(at)["source"] == "your drawing"
        np.testing.assert_allclose(shown_digit(), digit_from_drawing(sent), atol=1 / 255)
        rebuilt_and_scored()
        at.radio(key="input_source").set_value("upload").run()
        at.file_uploader(key="upload").set_value(("zero.jpg", paper_photo(photographed, seed=1), "image/jpeg")).run()
        assert live(at)["source"].startswith("your photo") and "zero.jpg" in live(at)["source"]
        assert np.corrcoef(shown_digit().ravel(), photographed.ravel())[0, 1] > 0.5  # the photo's digit, read
        rebuilt_and_scored()
        at.radio(key="input_source").set_value("test").run()
        assert not at.exception and any("only drawing and uploads work" in error.value for error in at.error)
        for page in PAGE_FILES:
            at.switch_page(page).run()
            assert not at.exception, page
    finally:
        data.load_mnist.cache_clear()
        st.cache_resource.clear()


def test_the_chosen_digit_survives_a_visit_to_another_page(app):
    pick_test_digit(app, 42)
    app.switch_page("pages/compare.py").run()
    app.switch_page("pages/playground.py").run()
    assert not app.exception
    assert app.radio(key="input_source").value == "test" and app.number_input(key="test_index").value == 42
    assert len(psnr_values(app)) == len(DENOISERS)


def test_presentation_mode_from_the_link():
    at = AppTest.from_file("../app.py", default_timeout=TIMEOUT)
    at.query_params.update({"present": "1", "index": "3"})
    at.run()
    assert not at.exception
    assert at.toggle(key="present_widget").value is True
    assert at.query_params["present"] == "1"
    assert len(psnr_values(at)) == len(DENOISERS) and not at.get("download_button")  # no desk tools on the projector
    at.toggle(key="present_widget").set_value(False).run()
    assert "present" not in at.query_params
    assert len(at.get("download_button")) == 2


@pytest.mark.parametrize("page", ["pages/compare.py", "pages/latent_space.py", "pages/how_it_works.py"])
def test_presentation_mode_charts_have_projector_sized_text(page):
    """Vega draws chart text itself (often on a canvas, out of CSS's reach): its config must say 20 px or more."""
    at = AppTest.from_file("../app.py", default_timeout=TIMEOUT)
    at.query_params.update({"present": "1", "index": "3"})
    at.run()
    at.switch_page(page).run()
    if page == "pages/latent_space.py":  # the 2-D map is the live control's; the other codes have charts
        at.radio(key="latent_model").set_value("conv_dae").run()
    assert not at.exception
    specs = [json.loads(chart.proto.spec) for chart in at.get("vega_lite_chart")]
    assert specs
    for spec in specs:
        config = spec["config"]
        parts = ("axis", "legend", "header")
        sizes = [config[part][key] for part in parts for key in ("labelFontSize", "titleFontSize")]
        assert min(sizes) >= 20 and config["title"]["fontSize"] >= 20
        assert config["text"]["fontSize"] >= 20  # text marks too (the PCA map names the current digit)


def test_watch_it_learn_trains_a_fresh_model_in_a_child_process(app):
    app.switch_page("pages/watch_it_learn.py").run()
    assert not app.exception
    app.slider(key="learn_epochs").set_value(2).run()
    app.button[0].click().run()  # "Train": the child starts, the page goes on
    assert not app.exception and any("Starting" in bar.proto.text for bar in app.get("progress"))
    deadline = time.time() + 120
    while not app.success and time.time() < deadline:
        app.run()  # what the page's fragment does twice a second in a browser
    assert any("Trained 2 epochs" in success.value for success in app.success)
    captions = [caption for image in app.get("image") for caption in image.captions]
    assert captions.count("epoch 2") == 10  # the ten reconstructions after the last epoch


def test_every_page_keeps_the_view_in_its_link(app):
    pick_test_digit(app, 42)
    app.switch_page("pages/compare.py").run()
    app.button(key="compare_new_noise").click().run()
    assert not app.exception
    assert app.query_params["seed"] == "1" and app.query_params["index"] == "42"
    app.switch_page("pages/how_it_works.py").run()  # no noise controls here, and still the whole view
    assert app.query_params["seed"] == "1" and app.query_params["index"] == "42"


def test_compare_has_one_noise_kind_for_its_pictures_and_its_chart(app):
    pick_test_digit(app, 42)
    app.switch_page("pages/compare.py").run()
    app.selectbox(key="compare_noise_kind_widget").set_value("masking").run()
    assert not app.exception and len(app.selectbox) == 1 and not [r for r in app.radio if "kind" in (r.key or "")]
    (chart,) = [json.loads(chart.proto.spec) for chart in app.get("vega_lite_chart")]
    assert "Masking" in json.dumps(chart["title"])
    assert live(app)["noisy_scores"] != []  # the pictures above it are masked too
    masked = live(app)["noisy_scores"][10]
    app.selectbox(key="compare_noise_kind_widget").set_value("gaussian").run()
    (chart,) = [json.loads(chart.proto.spec) for chart in app.get("vega_lite_chart")]
    assert "Gaussian" in json.dumps(chart["title"]) and live(app)["noisy_scores"][10] != masked


def test_compares_chart_keeps_its_ticks_and_legends_in_presentation_mode():
    at = AppTest.from_file("../app.py", default_timeout=TIMEOUT)
    at.query_params.update({"present": "1", "index": "3"})
    at.run()
    at.switch_page("pages/compare.py").run()
    (chart,) = [json.loads(chart.proto.spec) for chart in at.get("vega_lite_chart")]
    axis = chart["encoding"]["x"]["axis"]
    assert axis["values"] == [round(0.1 * step, 1) for step in range(1, 11)] and axis["format"] == ".1f"
    assert {"color", "strokeDash"} <= set(chart["encoding"]) and chart["height"] >= 500  # room for both legends


def test_the_plain_2d_autoencoders_new_digits_say_why_they_blur(app):
    app.switch_page("pages/latent_space.py").run()
    app.radio(key="latent_model").set_value("ae_2d").run()
    caption = next(c.value for c in app.caption if "N(0, I)" in c.value)
    assert "VAE was trained to fill" not in caption and "±3" in caption
    low, high = (int(number) for number in re.findall(r"from (-?\d+) to (-?\d+)", caption)[0])
    assert low < -10 and high > 10  # its codes reach far past what N(0, I) draws
    app.radio(key="latent_model").set_value("vae_2d").run()
    assert any("the VAE was trained to fill" in c.value for c in app.caption)


def test_compare_flips_every_model_and_filter_best_first(app):
    pick_test_digit(app, 42)
    app.switch_page("pages/compare.py").run()
    data = live(app)
    assert data["layout"] == "grid" and len(data["methods"]) == len(DENOISERS) + 3
    at_half = [method["psnr"][10] for method in data["methods"]]
    assert at_half == sorted(at_half, reverse=True)  # best first at the session's level, 0.50
    assert {"median_3x3", "conv_dae"} <= {method["name"] for method in data["methods"]}


def test_a_trip_to_compare_runs_no_model_the_playground_ran(app, monkeypatch):
    """The server's rows (for a browser that cannot run the models) are kept one by one: Compare shows the
    Playground's models on the same digit and noise, so only its classical filters are new work."""
    from dae.render import frames

    ran: list[str] = []
    real = frames.method_levels

    def counted(digit, noisy, method):
        ran.append(method if isinstance(method, str) else method.name)
        return real(digit, noisy, method)

    monkeypatch.setattr(frames, "method_levels", counted)
    pick_test_digit(app, 4242)  # a digit no other test shows, so none of its rows is kept yet
    assert sorted(ran) == sorted(DENOISERS)
    ran.clear()
    app.switch_page("pages/compare.py").run()
    assert not app.exception
    assert sorted(ran) == sorted(BASELINES)
    assert {method["name"] for method in live(app)["methods"]} == {*DENOISERS, *BASELINES}


def test_choosing_a_label_shows_a_digit_of_it_and_random_keeps_it(app, test_digits):
    from dae.data import load_test_images

    _, labels = load_test_images()
    pick_test_digit(app, 0)  # a 7
    app.selectbox(key="random_label").set_value(3).run()
    first = app.number_input(key="test_index").value
    assert labels[first] == 3 and not app.exception
    shown = [first]
    for _ in range(3):  # a random 3 is another 3: three clicks all drawing `first` again, 1 in 10^9
        app.button(key=next(b.key for b in app.button if "Random" in b.label)).click().run()
        shown.append(app.number_input(key="test_index").value)
        assert labels[shown[-1]] == 3 and live(app)["source"] == f"test digit #{shown[-1]} (label 3)"
    assert len(set(shown)) > 1, shown  # Random changed the digit, and kept its label
