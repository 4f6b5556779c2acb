from dae import i18n
from ui.link import level_from_browser, parse_view, view_params


def test_a_valid_link_round_trips():
    settings = {
        "noise_level": 0.35,
        "noise_kind": "salt_and_pepper",
        "noise_seed": 4,
        "chosen_models": ["easy_dae", "conv_dae"],
        "test_index": 123,
    }
    parsed, notices = parse_view(view_params(settings))
    assert notices == [] and parsed == settings


def test_bad_values_are_clamped_or_dropped_with_notices():
    parsed, notices = parse_view(
        {"noise": "-3", "index": "99999", "models": "unknown,conv_dae", "kind": "speckle", "seed": "x", "lang": "en"}
    )
    assert parsed == {"noise_level": 0.0, "test_index": 9999, "chosen_models": ["conv_dae"], "lang": "en"}
    assert [key for key, _ in notices] == [
        "noise_out_of_range",
        "unknown_kind",
        "not_a_whole_number",
        "number_out_of_range",
        "unknown_models",
    ]
    # Every notice can be told in every language, its parameters filling the template.
    for language in i18n.languages():
        for key, params in notices:
            assert str(params["value"]) in i18n.text(language, f"notice.{key}", **params)
    for value in ("nan", "inf", "abc", ""):
        parsed, notices = parse_view({"noise": value})
        assert "noise_level" not in parsed and len(notices) == 1
    assert parse_view({"noise": "0.333"})[0]["noise_level"] == 0.33  # snapped to the slider's 0.01 steps
    assert parse_view({"index": "-5"})[0]["test_index"] == 0


def test_presentation_mode_in_the_link():
    assert parse_view({"present": "1"}) == ({"present": True}, [])
    assert parse_view({"present": "off"}) == ({"present": False}, [])
    assert parse_view({"present": "maybe"})[1]


def test_language_in_the_link():
    assert parse_view({"lang": "zh"}) == ({"lang": "zh"}, [])
    parsed, notices = parse_view({"lang": "klingon"})
    assert parsed == {} and notices[0][0] == "unknown_language"
    settings = {"noise_level": 0.5, "noise_kind": "gaussian", "noise_seed": 0, "chosen_models": ["conv_dae"]}
    assert "lang" not in view_params(settings | {"lang": "en"})  # the default stays out of the link
    assert parse_view(view_params(settings | {"lang": "zh"}))[0]["lang"] == "zh"


def test_what_the_live_control_sends_is_checked_like_a_link():
    assert level_from_browser(0.35) == (0.35, [])
    assert level_from_browser(0.334) == (0.33, [])  # snapped to the 0.01 steps
    level, notices = level_from_browser(7)
    assert level == 1.0 and notices[0][0] == "noise_out_of_range"
    for malformed in ("abc", None, [0.5], {"level": 1}, float("nan")):
        level, notices = level_from_browser(malformed)
        assert level is None and [key for key, _ in notices] == ["noise_not_a_number"]


def test_values_at_the_ends_of_floats_and_empty_lists_get_notices():
    # ?noise=1e308 raised OverflowError (1e308 / 0.05 is infinite) and the Playground showed an error.
    out_of_range = [("noise_out_of_range", {"value": "1e308", "used": "1.00"})]
    assert parse_view({"noise": "1e308"}) == ({"noise_level": 1.0}, out_of_range)
    assert parse_view({"noise": "-1e308"}) == (
        {"noise_level": 0.0},
        [("noise_out_of_range", {"value": "-1e308", "used": "0.00"})],
    )
    assert level_from_browser(1e308) == (1.0, [("noise_out_of_range", {"value": "1e+308", "used": "1.00"})])
    assert level_from_browser(-1e308) == (0.0, [("noise_out_of_range", {"value": "-1e+308", "used": "0.00"})])
    level, notices = level_from_browser(10**5000)  # too long to write out: not a number, and said so
    assert level is None and [key for key, _ in notices] == ["noise_not_a_number"]
    # `models=` names no model: dropped like any other value, and said like any other.
    parsed, notices = parse_view({"models": ",,"})
    assert parsed == {} and [key for key, _ in notices] == ["no_models"]
