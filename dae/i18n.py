"""Every string a user sees, in one file per language: dae/locales/<code>.toml.

A locale file is TOML: nested tables give dotted keys (`[playground] title = ...` is
`playground.title`), values are str.format templates (`"PSNR {psnr:.1f} dB"`). A third language is
one more file; its `language.name` is what the switch shows. English is the reference: a test fails
when any language lacks one of its keys, has an extra one, or uses other {placeholders}.

Run `python -m dae.i18n` to list what each language is missing.
"""

from __future__ import annotations

import functools
import string
import sys
import tomllib
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
DEFAULT_LANGUAGE = "en"

Translate = Callable[..., str]  # t(key, **params) -> the text in one language


class _Formatter(string.Formatter):
    """str.format, except that a number which rounds to zero never shows a minus sign ("SSIM 0.00",
    not "SSIM -0.00" for an SSIM of -0.003: a student reads the minus as meaning something)."""

    def format_field(self, value: Any, format_spec: str) -> str:
        text = super().format_field(value, format_spec)
        if isinstance(value, float) and text.startswith("-") and not any(digit in text for digit in "123456789"):
            return text[1:]
        return text


fill = _Formatter().format  # fill(template, **params): a template filled in as every text of the app is


def _flatten(table: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, str]]:
    for key, value in table.items():
        if isinstance(value, Mapping):
            yield from _flatten(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}", str(value)


@functools.cache
def strings(language: str) -> dict[str, str]:
    """key -> template for one language, read once per process."""
    with open(LOCALES_DIR / f"{language}.toml", "rb") as file:
        return dict(_flatten(tomllib.load(file)))


@functools.cache
def languages() -> dict[str, str]:
    """code -> the language's own name (`English`, `中文`), English first."""
    codes = sorted(path.stem for path in LOCALES_DIR.glob("*.toml"))
    codes.sort(key=lambda code: code != DEFAULT_LANGUAGE)
    return {code: strings(code)["language.name"] for code in codes}


def template(language: str, key: str) -> str:
    """The template for `key` in `language` ({placeholders} unfilled); English where that language lacks it."""
    found = strings(language).get(key) if language in languages() else None
    return strings(DEFAULT_LANGUAGE)[key] if found is None else found  # a KeyError here is a typo in the code


def text(language: str, key: str, **params: Any) -> str:
    """The text for `key` in `language`, filled in; English where that language lacks it."""
    return fill(template(language, key), **params)


def translator(language: str = DEFAULT_LANGUAGE) -> Translate:
    """t(key, **params) bound to one language."""
    return functools.partial(text, language)


english = translator()


def placeholders(template: str) -> set[str]:
    """The {names} a template fills in."""
    return {field.split(".")[0].split("[")[0] for _, field, _, _ in string.Formatter().parse(template) if field}


def problems(language: str) -> list[str]:
    """What `language` lacks or gets wrong compared with English (empty when complete)."""
    reference, other = strings(DEFAULT_LANGUAGE), strings(language)
    found = [f"missing: {key}" for key in reference if key not in other]
    found += [f"not in English: {key}" for key in other if key not in reference]
    found += [
        f"placeholders differ in {key}: {sorted(placeholders(reference[key]))} vs {sorted(placeholders(other[key]))}"
        for key in reference
        if key in other and placeholders(reference[key]) != placeholders(other[key])
    ]
    found += [f"empty: {key}" for key, value in other.items() if not value.strip()]
    return found


if __name__ == "__main__":
    failed = False
    for code, name in languages().items():
        issues = problems(code)
        failed |= bool(issues)
        print(f"{code} ({name}): {len(strings(code))} strings, {'complete' if not issues else ''}")
        for issue in issues:
            print("   ", issue)
    sys.exit(1 if failed else 0)
