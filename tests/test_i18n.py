"""Two languages: every string in both locale files, every key the code asks for present, every page translated."""

import json
import re
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dae import baselines, i18n
from dae.autoencoder import LAYER_ROLES
from dae.catalog import MAP_MODELS, MODEL_NAMES
from dae.noise import NOISE_KINDS
from dae.render import figure
from tests.conftest import PAGE_FILES
from ui import draw, live

REPO = Path(__file__).resolve().parent.parent
SOURCES = [
    REPO / "app.py",
    *sorted(path for folder in ("pages", "ui", "dae") for path in (REPO / folder).rglob("*.py")),
]
TIMEOUT = 60
# Three or more English words in a row: a string that escaped translation. Unit and metric names are allowed.
ENGLISH_RUN = re.compile(r"\b[A-Za-z]{2,}(?:[ ,'-]+[A-Za-z]{2,}){2,}\b")
ALLOWED_ENGLISH = re.compile(r"PSNR|SSIM|python -m|dae\.|weights/|x \d|sigma|MNIST")


def test_both_languages_are_complete():
    assert set(i18n.languages()) >= {"en", "zh"}
    for language in i18n.languages():
        assert i18n.problems(language) == [], language
    assert i18n.languages()["zh"] == "中文"


def test_a_missing_or_misnamed_key_is_caught(tmp_path, monkeypatch):
    """The check above can fail: drop a key from a copy of zh, rename a placeholder in another."""
    for path in i18n.LOCALES_DIR.glob("*.toml"):
        shutil.copy(path, tmp_path)
    text = (tmp_path / "zh.toml").read_text()
    text = re.sub(r"(?m)^draw_empty = .*\n", "", text, count=1)
    text = text.replace("{psnr:.1f}", "{pnsr:.1f}", 1)
    (tmp_path / "zh.toml").write_text(text)
    monkeypatch.setattr(i18n, "LOCALES_DIR", tmp_path)
    i18n.strings.cache_clear()
    try:
        found = i18n.problems("zh")
        assert "missing: playground.draw_empty" in found
        assert any(problem.startswith("placeholders differ") for problem in found)
        # The app still shows something for the missing key: the English.
        shown = i18n.text("zh", "playground.draw_empty", source="#7")
        assert shown == i18n.text("en", "playground.draw_empty", source="#7")
    finally:
        i18n.strings.cache_clear()


def literal_keys() -> set[str]:
    """Every key the code names literally: t("..."), english("..."), ImageError("...") and the like."""
    keys = set()
    for path in SOURCES:
        source = path.read_text()
        keys |= set(re.findall(r'\bt\(\s*["\']([a-z_]+\.[a-z0-9_.]+)["\']', source))
        keys |= set(re.findall(r'\b(?:english|in_figure|translate)\(\s*"([a-z_]+\.[a-z0-9_.]+)"', source))
        keys |= {f"image.{key}" for key in re.findall(r'\b(?:\w*ImageError|PhotoRefusal)\("([a-z_]+)"', source)}
        keys |= {f"notice.{key}" for key in re.findall(r'notices\.append\(\("([a-z_]+)"', source)}
        keys |= {f"loading.{key}" for key in re.findall(r'first_time_with_spinner\([^,]+, "([a-z_]+)"', source)}
    return keys


def test_every_key_the_code_uses_exists():
    english = i18n.strings("en")
    used = literal_keys()
    assert len(used) > 150  # the scan finds the code's keys
    assert sorted(used - english.keys()) == []
    # Keys the code builds from names: every name it can be given has its text.
    built = {f"model.{name}.{field}" for name in MODEL_NAMES for field in ("title", "description", "source", "code")}
    built |= {f"model.{name}.training_note" for name in MODEL_NAMES}
    built |= {f"noise.kind.{kind}" for kind in NOISE_KINDS}
    built |= {f"baseline.{name}" for name in [*baselines.BASELINES, "noisy_input"]}
    built |= {f"playground.input_{option}" for option in ("draw", "test", "upload")}
    built |= {f"metric.{metric}" for metric in ("psnr_db", "ssim")} | {"chart.mean_psnr_db", "chart.mean_ssim"}
    built |= {f"live.{label}" for label in live.LABELS + live.MAP_LABELS + live.BROWSER_LABELS}
    built |= {f"latent.{caption}.{name}" for caption in ("plane_caption", "new_caption") for name in MAP_MODELS}
    built |= {f"draw.{label}" for label in draw.LABELS}
    for name in MODEL_NAMES:
        card = json.loads((REPO / "weights" / f"{name}.json").read_text())
        built |= {f"how.schedule.{card['training']['schedule']}"}
        built |= {f"inside.{row['part']}" for row in card["architecture"]}
        built |= {f"how.column.{column.replace(' ', '_')}" for column in card["architecture"][0]}
    assert sorted(built - english.keys()) == []
    mentioned = {key for path in SOURCES for key in re.findall(r'"([a-z_]+\.[a-z0-9_.]+)"', path.read_text())}
    mentioned |= {f"panel.{column}" for column in figure.COLUMNS} | {f"inside.role.{role}" for role in LAYER_ROLES}
    unused = english.keys() - used - built - mentioned - {"language.name"}
    assert sorted(unused) == []  # a key no code asks for is a string nobody sees


def visible_text(at: AppTest) -> list[str]:
    """What a user reads: text elements, widget labels, help and options, image captions, chart titles."""
    found: list[str] = []

    def walk(node) -> None:
        kind = getattr(node, "type", None)
        if kind in ("markdown", "caption", "title", "header", "subheader", "alert", "exception"):
            found.append(str(node.value))
        if kind in ("error", "warning", "info", "success"):
            found.append(str(node.value))
        if kind == "image":
            found.extend(node.captions)
        if kind == "arrow_vega_lite_chart":
            found.extend(re.findall(r'"title":\s*"([^"]*)"', node.proto.spec))
        label = getattr(getattr(node, "proto", None), "label", None)
        if isinstance(label, str):
            found.append(label)
        help_text = getattr(getattr(node, "proto", None), "help", None)
        if isinstance(help_text, str):
            found.append(help_text)
        options = getattr(node, "options", None)
        if isinstance(options, list):
            found.extend(map(str, options))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return [text for text in found if text]


def english_runs(texts: list[str]) -> list[str]:
    runs = []
    for text in texts:
        text = re.sub(r"`[^`]*`", "", text)  # code stays code
        runs += [run for run in ENGLISH_RUN.findall(text) if not ALLOWED_ENGLISH.search(run)]
    return runs


@pytest.mark.parametrize("page", PAGE_FILES)
def test_every_page_is_chinese_with_lang_zh(page):
    at = AppTest.from_file("../app.py", default_timeout=TIMEOUT)
    at.query_params.update({"lang": "zh", "index": "3"})
    at.run()
    if page != PAGE_FILES[0]:
        at.switch_page(page).run()
    assert not at.exception
    texts = visible_text(at)
    assert len(texts) > 5 and any(re.search(r"[\u4e00-\u9fff]", text) for text in texts)
    assert english_runs(texts) == [], page
    # The same page in English has those runs: the check can fail.
    at.segmented_control(key="lang_widget").set_value("en").run()
    assert not at.exception and len(english_runs(visible_text(at))) > 3
    assert "lang" not in at.query_params


def test_the_switch_changes_language_and_the_link():
    at = AppTest.from_file("../app.py", default_timeout=TIMEOUT)
    at.run()
    assert at.title[0].value == i18n.text("en", "playground.title")
    at.segmented_control(key="lang_widget").set_value("zh").run()
    assert not at.exception
    assert at.title[0].value == i18n.text("zh", "playground.title")
    assert at.query_params["lang"] == "zh"
    assert at.radio(key="input_source").label == i18n.text("zh", "playground.input")


def test_an_unknown_language_in_the_link_is_ignored_with_a_notice():
    at = AppTest.from_file("../app.py", default_timeout=TIMEOUT)
    at.query_params.update({"lang": "fr"})
    at.run()
    assert not at.exception
    assert at.title[0].value == i18n.text("en", "playground.title")
    assert any("lang=`fr`" in warning.value for warning in at.warning)  # shown as code, never as markdown


def test_a_third_language_is_one_file(tmp_path, monkeypatch):
    for path in i18n.LOCALES_DIR.glob("*.toml"):
        shutil.copy(path, tmp_path)
    third = (tmp_path / "en.toml").read_text().replace('name = "English"', 'name = "Français"', 1)
    (tmp_path / "fr.toml").write_text(third.replace('title = "Compare"', 'title = "Comparer"', 1))
    monkeypatch.setattr(i18n, "LOCALES_DIR", tmp_path)
    i18n.strings.cache_clear()
    i18n.languages.cache_clear()
    try:
        assert i18n.languages() == {"en": "English", "fr": "Français", "zh": "中文"}
        assert i18n.problems("fr") == []
        assert i18n.text("fr", "compare.title") == "Comparer"
    finally:
        i18n.strings.cache_clear()
        i18n.languages.cache_clear()


def test_a_number_that_rounds_to_zero_shows_no_minus_sign():
    assert i18n.text("en", "live.scores_text", psnr=12.34, ssim=-0.003) == "PSNR 12.3 dB · SSIM 0.00"
    assert i18n.text("en", "live.scores_text", psnr=12.34, ssim=-0.013) == "PSNR 12.3 dB · SSIM -0.01"
    assert i18n.fill("{value:.1f}", value=-0.04) == "0.0" and i18n.fill("{value}", value=-3) == "-3"
