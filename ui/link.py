"""The view as a link: query parameters <-> settings, with out-of-range values clamped or ignored.

A teacher copies the URL and every student opens the same view:
  ?noise=0.3&kind=masking&seed=2&index=123&models=conv_dae,easy_dae&present=1&lang=zh
Anything malformed or out of range never fails: it is clamped or dropped, and a notice says so.
A notice is (locale key under `notice.`, its parameters), so the page tells it in the user's language.
Pure Python (no Streamlit), so plain tests check it; ui.state applies it to the session.
"""

from __future__ import annotations

import math
import reprlib
from collections.abc import Callable, Mapping
from typing import Any

from dae import i18n
from dae.catalog import DENOISERS
from dae.noise import FINE_STEP, NOISE_KINDS

TEST_DIGITS = 10_000
MAX_SEED = 10**9
TRUE, FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")

Notice = tuple[str, dict[str, Any]]
Settings = dict[str, Any]  # field of ui.state.View -> value


def parse_view(params: Mapping[str, str]) -> tuple[Settings, list[Notice]]:
    """Query parameters -> (settings to apply, notices for the user). Unknown parameters are ignored."""
    settings: Settings = {}
    notices: list[Notice] = []
    for name, parse in PARSERS.items():
        if name in params:
            parse(params[name], settings, notices)
    return settings, notices


def level_from_browser(value: object) -> tuple[float | None, list[Notice]]:
    """A noise level sent back by the live control, checked exactly as a link's ?noise= is: a number or a
    string as its text; anything else (true, null, a list, an object) is not a number."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None, [("noise_not_a_number", {"value": _brief(value)})]
    settings, notices = parse_view({"noise": value if isinstance(value, str) else _number_text(value)})
    return settings.get("noise_level"), notices


def _number_text(number: int | float) -> str:
    try:
        return str(number)
    except ValueError:  # an int too long to write out (sys.get_int_max_str_digits): far outside 0 to 1 anyway
        return "-inf" if number < 0 else "inf"


def _brief(value: object) -> str:
    """A value for a notice, however large or deep (reprlib stops at a few items and levels)."""
    try:
        return reprlib.repr(value)
    except ValueError:  # an int too long to write out, somewhere inside
        return type(value).__name__


def _noise(text: str, settings: Settings, notices: list[Notice]) -> None:
    try:
        level = float(text)
    except ValueError:
        level = math.nan
    if not math.isfinite(level):
        notices.append(("noise_not_a_number", {"value": text}))
        return
    # Clamped before it is snapped: a level near the float limit (1e308) divided by the step is infinite.
    clamped = round(min(1.0, max(0.0, level)) / FINE_STEP) * FINE_STEP
    if not 0.0 <= level <= 1.0:
        notices.append(("noise_out_of_range", {"value": text, "used": f"{clamped:.2f}"}))
    settings["noise_level"] = round(clamped, 2)


def _kind(text: str, settings: Settings, notices: list[Notice]) -> None:
    if text in NOISE_KINDS:
        settings["noise_kind"] = text
    else:
        notices.append(("unknown_kind", {"value": text, "kinds": ", ".join(NOISE_KINDS)}))


def _whole_number(name: str, key: str, top: int) -> Callable[[str, Settings, list[Notice]], None]:
    def parse(text: str, settings: Settings, notices: list[Notice]) -> None:
        value = _clamped_whole_number(name, text, top, notices)
        if value is not None:
            settings[key] = value

    return parse


def _present(text: str, settings: Settings, notices: list[Notice]) -> None:
    value = text.strip().lower()
    if value in TRUE + FALSE:
        settings["present"] = value in TRUE
    else:
        notices.append(("bad_present", {"value": text}))


def _language(text: str, settings: Settings, notices: list[Notice]) -> None:
    if text in i18n.languages():
        settings["lang"] = text
    else:
        notices.append(("unknown_language", {"value": text, "languages": ", ".join(i18n.languages())}))


def _models(text: str, settings: Settings, notices: list[Notice]) -> None:
    wanted = [name.strip() for name in text.split(",") if name.strip()]
    unknown = [name for name in wanted if name not in DENOISERS]
    if unknown:
        notices.append(("unknown_models", {"value": ", ".join(unknown), "models": ", ".join(DENOISERS)}))
    known = [name for name in DENOISERS if name in wanted]
    if known:
        settings["chosen_models"] = known
    elif not unknown:  # `models=` or `models=,,`: dropped like any other value, so said like any other
        notices.append(("no_models", {"value": text, "models": ", ".join(DENOISERS)}))


# In this order, so that notices come in the order a reader meets the settings.
PARSERS: dict[str, Callable[[str, Settings, list[Notice]], None]] = {
    "noise": _noise,
    "kind": _kind,
    "seed": _whole_number("seed", "noise_seed", MAX_SEED),
    "index": _whole_number("index", "test_index", TEST_DIGITS - 1),
    "present": _present,
    "lang": _language,
    "models": _models,
}


def _clamped_whole_number(name: str, text: str, top: int, notices: list[Notice]) -> int | None:
    """A whole number clamped to 0 ... top (with a notice when clamped), or None with a notice."""
    try:
        value = int(text)
    except ValueError:
        notices.append(("not_a_whole_number", {"name": name, "value": text}))
        return None
    clamped = min(top, max(0, value))
    if clamped != value:
        notices.append(("number_out_of_range", {"name": name, "value": value, "top": top, "used": clamped}))
    return clamped


def view_params(settings: Mapping[str, Any]) -> dict[str, str]:
    """Settings -> query parameters (the inverse of parse_view for valid settings)."""
    params = {
        "noise": f"{settings['noise_level']:.2f}",
        "kind": settings["noise_kind"],
        "seed": str(settings["noise_seed"]),
        "models": ",".join(settings["chosen_models"]),
    }
    if settings.get("test_index") is not None:
        params["index"] = str(settings["test_index"])
    if settings.get("present"):
        params["present"] = "1"
    if settings.get("lang", i18n.DEFAULT_LANGUAGE) != i18n.DEFAULT_LANGUAGE:
        params["lang"] = settings["lang"]
    return params
