"""The view as a link: query parameters <-> settings, with out-of-range values clamped or ignored.

A teacher copies the URL and every student opens the same view:
  ?noise=0.3&kind=masking&seed=2&index=123&models=conv_dae,easy_dae&present=1&lang=zh
Anything malformed or out of range never fails: it is clamped or dropped, and a notice says so.
A notice is (locale key under `notice.`, its parameters), so the page tells it in the user's language.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from dae import i18n
from dae.catalog import MODEL_NAMES
from dae.noise import NOISE_KINDS

TEST_DIGITS = 10_000
MAX_SEED = 10**9

Notice = tuple[str, dict[str, Any]]


def parse_view(params: Mapping[str, str]) -> tuple[dict[str, Any], list[Notice]]:
    """Query parameters -> (settings to apply, notices for the user). Unknown parameters are ignored."""
    settings: dict[str, Any] = {}
    notices: list[Notice] = []

    if "noise" in params:
        try:
            level = float(params["noise"])
            if not math.isfinite(level):
                raise ValueError
        except ValueError:
            notices.append(("noise_not_a_number", {"value": params["noise"]}))
        else:
            clamped = min(1.0, max(0.0, round(level / 0.05) * 0.05))
            if not 0.0 <= level <= 1.0:
                notices.append(("noise_out_of_range", {"value": params["noise"], "used": f"{clamped:.2f}"}))
            settings["noise_level"] = round(clamped, 2)

    if "kind" in params:
        if params["kind"] in NOISE_KINDS:
            settings["noise_kind"] = params["kind"]
        else:
            notices.append(("unknown_kind", {"value": params["kind"], "kinds": ", ".join(NOISE_KINDS)}))

    for name, key, top in (("seed", "noise_seed", MAX_SEED), ("index", "test_index", TEST_DIGITS - 1)):
        if name in params:
            value = _clamped_whole_number(name, params[name], top, notices)
            if value is not None:
                settings[key] = value

    if "present" in params:
        value = params["present"].strip().lower()
        if value in ("1", "true", "yes", "on"):
            settings["present"] = True
        elif value in ("0", "false", "no", "off"):
            settings["present"] = False
        else:
            notices.append(("bad_present", {"value": params["present"]}))

    if "lang" in params:
        if params["lang"] in i18n.languages():
            settings["lang"] = params["lang"]
        else:
            notices.append(("unknown_language", {"value": params["lang"], "languages": ", ".join(i18n.languages())}))

    if "models" in params:
        wanted = [name.strip() for name in params["models"].split(",") if name.strip()]
        unknown = [name for name in wanted if name not in MODEL_NAMES]
        if unknown:
            notices.append(("unknown_models", {"value": ", ".join(unknown), "models": ", ".join(MODEL_NAMES)}))
        known = [name for name in MODEL_NAMES if name in wanted]
        if known:
            settings["chosen_models"] = known
    return settings, notices


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
