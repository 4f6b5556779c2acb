"""The session's words: t() in its language, model titles, choice labels, and text from outside made safe.

Every string a page shows comes from dae/locales/<lang>.toml through t(); the language is the
session's (ui.state), chosen by the switch at the top of every page or by ?lang= in the link.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from dae import i18n
from dae.render import figure
from ui import state


def language() -> str:
    return state.session().view.lang


def t(key: str, **params: object) -> str:
    """The text for `key` in this session's language (dae/locales/<lang>.toml)."""
    return i18n.text(language(), key, **params)


def title(name: str) -> str:
    """A model's name for people, in the session's language."""
    return t(f"model.{name}.title")


def labels_for(options: Iterable[Any], label: Callable[[Any], str]) -> Callable[[Any], str]:
    """A widget's format_func with every label worked out now, in this session's language.

    (A plain function of t would be called later by AppTest, outside the session, in English.)
    """
    return {option: label(option) for option in options}.__getitem__


def translated_choices(key: str, options: Iterable[Any], label: Callable[[Any], str]) -> Callable[[Any], str]:
    """labels_for, for the choice widget `key`, which is registered so that a language switch re-sends its
    value (a browser keeps a choice widget's value as its label, which no option of the new language has)."""
    state.session().translated_widgets.add(key)
    return labels_for(options, label)


def as_code(text: object, limit: int = 40) -> str:
    """Text from outside (a link, a file name, a browser's value) as inline code: never read as markdown, LaTeX
    or a link. Unprintable characters become spaces: a line break would end the code span (and what follows
    would be markdown again), and a lone surrogate, which JSON can carry, cannot be sent to the page at all."""
    shown = str(text).replace("`", "'")[:limit]
    return "`" + "".join(char if char.isprintable() else " " for char in shown) + "`"


def notice(key: str, params: dict[str, Any], translate: i18n.Translate | None = None) -> str:
    """A notice about a value from outside (ui.link), the value itself shown as code; told by `translate`
    (default: the session's language)."""
    shown = {name: as_code(value) if name == "value" else value for name, value in params.items()}
    return (translate or t)(f"notice.{key}", **shown)


def css_string(text: str) -> str:
    """`text` as a quoted CSS string, safe inside a <style> element."""
    escaped = text.replace("\\", "\\5C ").replace('"', "\\22 ").replace("<", "\\3C ").replace("\n", "\\A ")
    return f'"{escaped}"'


def figure_translator() -> i18n.Translate:
    """The session's language for downloaded figures, or English where the server has no font to draw it."""
    chosen = language()
    if not figure.can_write(i18n.text(chosen, "panel.noisy")):
        chosen = i18n.DEFAULT_LANGUAGE
    return i18n.translator(chosen)


def digit_source(translate: i18n.Translate | None = None) -> str:
    """Where the current digit came from ("test digit #3 (a 0)"), told by `translate` (default: the session's)."""
    key, params = state.current_digit().source
    return (translate or t)(key, **params)
