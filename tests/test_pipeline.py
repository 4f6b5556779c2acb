import base64

import numpy as np
import pytest

from dae import latent, runtime
from dae.catalog import MODEL_NAMES
from dae.metrics import psnr
from dae.noise import LEVELS, add_noise
from dae.pipeline import denoise_digit, denoise_levels
from dae.render import pictures


@pytest.fixture(scope="module")
def loaded():
    """The shipped models as the app runs them (ONNX; tests/test_runtime.py checks them against Keras)."""
    return [runtime.load(name) for name in MODEL_NAMES]


def test_reconstructions_come_from_the_noisy_digit(loaded, test_digits):
    clean = test_digits[0][4]
    result = denoise_digit(clean, loaded, "gaussian", 0.5, seed=3, with_baselines=True)
    np.testing.assert_array_equal(result.noisy, add_noise(clean, "gaussian", 0.5, seed=3))
    assert [o.name for o in result.outputs][: len(loaded)] == list(MODEL_NAMES)
    assert len(result.outputs) == len(loaded) + 3
    for model, output in zip(loaded, result.outputs, strict=False):
        np.testing.assert_allclose(output.reconstruction, model.reconstruct(result.noisy)[0], atol=1e-5)
        assert output.code.shape == model.latent_shape
        assert output.psnr_db == pytest.approx(float(psnr(clean, output.reconstruction)[0]), abs=1e-3)
    assert result.noisy_psnr_db < min(o.psnr_db for o in result.outputs if o.name != "basic_ae")


def test_code_pictures_have_the_promised_layouts(loaded, test_digits):
    assert (
        pictures.grid_shape(64) == (8, 8) and pictures.grid_shape(32) == (4, 8) and pictures.grid_shape(128) == (8, 16)
    )
    codes = {model.name: model.encode(test_digits[0][:1])[0] for model in loaded}
    basic = pictures.code_image(codes["basic_ae"], size=160)
    assert basic.shape == (160, 160, 3) and basic.dtype == np.uint8
    conv = pictures.code_image(codes["conv_dae"], size=160)
    assert conv.shape[2] == 3 and conv.shape[0] < conv.shape[1]  # 4 rows of 8 tiles, wider than tall
    tiles = pictures.mosaic(codes["conv_dae"], columns=8)
    assert tiles.shape == (4 * 4 + 3, 8 * 4 + 7) and np.isnan(tiles).sum() == tiles.size - 512
    crisp = pictures.grey(test_digits[0][0], size=140)
    assert crisp.shape == (140, 140) and np.all(crisp[:5, :5] == crisp[0, 0])  # 5x5 blocks per pixel


def test_latent_edits_and_walks(loaded, test_digits):
    basic = loaded[0]
    start, end = test_digits[0][0], test_digits[0][1]
    code = basic.encode(start)[0]
    edited = latent.edit_code(code, 3, 20.0)
    assert edited[3] == 20.0 and code[3] != 20.0
    assert not np.allclose(basic.decode(edited), basic.decode(code))
    through_code, blend = latent.interpolate(basic, start, end, steps=5)
    assert through_code.shape == blend.shape == (5, 28, 28)
    np.testing.assert_allclose(through_code[0], basic.reconstruct(start)[0], atol=1e-5)
    np.testing.assert_allclose(through_code[-1], basic.reconstruct(end)[0], atol=1e-5)
    conv = loaded[2]
    scaled = latent.scale_map(conv.encode(start)[0], 5, 0.0)
    assert np.all(scaled[..., 5] == 0)
    code_map = latent.fit_code_map(basic.encode(test_digits[0][:500]))
    assert 0 < code_map.explained <= 1 and code_map.project(basic.encode(start)).shape == (1, 2)


def test_charts_carry_the_values_students_hover(loaded, test_digits):
    from dae.render import charts

    code = loaded[0].encode(test_digits[0][:1])[0]
    spec = charts.code_heatmap(code).to_dict()
    values = spec["datasets"][next(iter(spec["datasets"]))]
    assert len(values) == 64 and {"unit", "row", "col", "value"} <= set(values[0])
    # Each cell carries its own unit's value, and hovering it shows the unit and that value.
    np.testing.assert_allclose([cell["value"] for cell in sorted(values, key=lambda c: c["unit"])], code, rtol=1e-6)
    assert all(cell["row"] * 8 + cell["col"] == cell["unit"] for cell in values)  # its place in the 8 x 8 grid
    assert [tip["field"] for tip in spec["encoding"]["tooltip"]] == ["unit", "value"]
    conv_code = loaded[2].encode(test_digits[0][:1])[0]
    conv_spec = charts.code_heatmap(conv_code).to_dict()
    cells = conv_spec["datasets"][next(iter(conv_spec["datasets"]))]
    assert len(cells) == 512 and conv_spec["facet"]
    shown = np.full(conv_code.shape, np.nan, np.float32)
    for cell in cells:
        shown[cell["row"], cell["col"], cell["map"]] = cell["value"]
    np.testing.assert_allclose(shown, conv_code, rtol=1e-6)  # every map's every cell, none missing
    assert [tip["field"] for tip in conv_spec["spec"]["encoding"]["tooltip"]] == ["map", "row", "col", "value"]
    history = [{"epoch": 1, "loss": "bce", "train_loss": 0.2, "val_bce": 0.1}]
    assert charts.loss_curves(history).to_dict()["mark"]["type"] == "line"


def test_downloadable_figures(loaded, test_digits):
    import io

    from PIL import Image

    from dae.render import figure

    result = denoise_digit(test_digits[0][0], loaded, "gaussian", 0.5, seed=0)
    comparison = Image.open(io.BytesIO(figure.comparison_png(result, {}, "test digit #0")))
    assert comparison.format == "PNG" and comparison.width > 4 * figure.PANEL
    assert comparison.height > len(loaded) * figure.PANEL
    digit = Image.open(io.BytesIO(figure.digit_png(test_digits[0][0])))
    assert digit.size == (28, 28) and digit.mode == "L"
    np.testing.assert_allclose(np.asarray(digit) / 255, test_digits[0][0], atol=1 / 255)


def test_live_frames_match_one_update_at_each_level(loaded, test_digits):
    from dae import i18n
    from dae.pipeline import noisy_levels, scores
    from dae.render.frames import input_frames, method_row

    clean = test_digits[0][6]
    frames = denoise_levels(clean, loaded, "gaussian", LEVELS, seed=5)
    assert len(frames) == 21 and np.stack([frame.noisy for frame in frames]).shape == (21, 28, 28)
    for index in (0, 7, 20):
        level = float(LEVELS[index])
        single = denoise_digit(clean, loaded, "gaussian", level, seed=5)
        np.testing.assert_allclose(frames[index].noisy, single.noisy)
        for output, framed in zip(single.outputs, frames[index].outputs, strict=True):
            np.testing.assert_allclose(framed.reconstruction, output.reconstruction, atol=1e-5)
            assert framed.psnr_db == pytest.approx(output.psnr_db, abs=1e-3)
            assert framed.ssim == pytest.approx(output.ssim, abs=1e-4)
    noisy = noisy_levels(clean, "gaussian", LEVELS, seed=5)  # the server's rows, made as ui/live.py makes them
    data = {
        **input_frames(clean, noisy, *scores(clean, noisy), i18n.english),
        "methods": [method_row(clean, noisy, model, i18n.english, "viridis") for model in loaded],
    }
    assert data["levels"][10] == "0.50"
    noisy_strip = png_pixels(data["noisy"])  # frame i of the strip is level i's noisy digit
    assert noisy_strip.shape == (28, 21 * 28)
    np.testing.assert_allclose(noisy_strip[:, 7 * 28 : 8 * 28] / 255, frames[7].noisy, atol=0.5 / 255)
    assert data["noisy_scores"][0] == "clean: no noise yet"  # level 0: no infinite or 100 dB figure
    assert data["noisy_scores"][10] == f"PSNR {frames[10].noisy_psnr_db:.1f} dB · SSIM {frames[10].noisy_ssim:.2f}"
    conv = next(method for method in data["methods"] if method["name"] == "conv_dae")
    assert conv["title"] == i18n.english("model.conv_dae.title") and conv["code_shape"] == "4 x 4 x 32"
    assert len(conv["scores"]) == len(conv["code_ranges"]) == 21
    assert conv["psnr"][7] == pytest.approx(frames[7].outputs[2].psnr_db, abs=0.01)
    rebuilt = png_pixels(conv["reconstructions"])
    np.testing.assert_allclose(rebuilt[:, 20 * 28 :] / 255, frames[20].outputs[2].reconstruction, atol=0.5 / 255)
    codes = png_pixels(conv["codes"])
    assert codes.shape == (19, 21 * 39, 3) and conv["code_aspect"] == pytest.approx(39 / 19)  # 4 x 8 tiles a level
    assert next(m for m in data["methods"] if m["name"] == "basic_ae")["code_shape"] == "64 = 8 x 8"
    cells = conv["code_cells"]  # what the pointer reads: map 9's cell (2, 1) at level 7
    values = np.frombuffer(base64.b64decode(cells["bytes"]), np.uint8).reshape(21, cells["rows"], cells["columns"])
    code = frames[7].outputs[2].code
    assert (cells["rows"], cells["columns"], cells["tile"]) == (19, 39, 4)
    assert values[7, 5 + 2, 5 + 1] / 255 * cells["tops"][7] == pytest.approx(code[2, 1, 9], abs=float(code.max()) / 255)
    assert len(conv["colour_stops"]) == 6 and conv["colour_stops"][0] == "#440154"  # viridis, low to high


def test_one_model_at_a_time_gives_the_rows_all_at_once_does(loaded, test_digits):
    """The app makes each model's row on its own (Compare reuses the Playground's): the same numbers and pictures
    as every model run on every level at once (denoise_levels)."""
    from dae import i18n
    from dae.pipeline import noisy_levels
    from dae.render.frames import method_frames, method_row, method_title

    clean = test_digits[0][3]
    together = denoise_levels(clean, loaded, "masking", LEVELS, seed=2)
    noisy = noisy_levels(clean, "masking", LEVELS, seed=2)
    np.testing.assert_array_equal(noisy, np.stack([result.noisy for result in together]))
    for index, model in enumerate(loaded):
        at_once = [result.outputs[index] for result in together]
        expected = method_frames(at_once, method_title(model.name), i18n.english, "viridis")
        row = method_row(clean, noisy, model, i18n.english, "viridis")
        assert {key: value for key, value in row.items() if key != "note"} == expected


def png_pixels(data_url: str) -> np.ndarray:
    import base64
    import io

    from PIL import Image

    assert data_url.startswith("data:image/png;base64,")
    return np.asarray(Image.open(io.BytesIO(base64.b64decode(data_url.split(",", 1)[1]))))


def test_the_figure_in_chinese(loaded, test_digits, monkeypatch):
    import io

    from PIL import Image

    from dae import i18n
    from dae.render import figure

    result = denoise_digit(test_digits[0][0], loaded, "gaussian", 0.5, seed=0)

    def header_ink(language: str) -> np.ndarray:
        t = i18n.translator(language)
        titles = {model.name: t(f"model.{model.name}.title") for model in loaded}
        png = figure.comparison_png(result, titles, t("source.test", index=0, label=7), t)
        return np.asarray(Image.open(io.BytesIO(png)).convert("L"))[: figure.HEADER] < 128

    if not figure.can_write("中文"):
        pytest.skip("no Chinese font installed: apt-get install fonts-wqy-microhei")
    chinese, english = header_ink("zh"), header_ink("en")
    assert chinese.sum() > 100 and (chinese != english).any()  # column titles drawn, and not the English ones
    monkeypatch.setattr(figure, "CJK_FONTS", ("/nonexistent.ttc",))
    assert not figure.can_write("原图") and figure.can_write("original")  # the page then falls back to English
