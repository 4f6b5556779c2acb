"""The evaluation over the test set (the shipped ONNX files) and the numpy metrics against TensorFlow's."""

import numpy as np

from dae import baselines, cards, metrics
from dae.catalog import MAP_MODELS, MODEL_NAMES
from dae.noise import add_noise
from dae.training import evaluate


def test_evaluation_ranks_learned_denoisers_above_filters():
    result = evaluate.evaluate(levels=(0.3, 0.5), limit=300)
    assert set(result["kinds"]) == {"gaussian", "salt_and_pepper", "masking"}  # every kind is measured
    table = result["kinds"]["gaussian"]
    assert set(table) == set(evaluate.METHODS)
    # The learned denoisers: the models trained on noisy digits (their cards say so), every one of them above
    # every classical filter, and every filter above the noisy input.
    learned = [name for name in MODEL_NAMES if cards.read_card(name)["training"]["noise_level"] > 0]
    assert {"easy_dae", "conv_dae", "dense_bottleneck_dae", "unet_dae"} <= set(learned)
    for level in ("0.3", "0.5"):
        best_filter = max(table[name][level]["psnr_db"] for name in baselines.BASELINES)
        scores = {name: table[name][level]["psnr_db"] for name in learned}
        below = {name: score for name, score in scores.items() if score <= best_filter}
        assert below == {}, (level, best_filter, below)
        assert table["conv_dae"][level]["psnr_db"] > table["median_3x3"][level]["psnr_db"] + 3
        worst_filter = min(table[name][level]["psnr_db"] for name in baselines.BASELINES)
        assert worst_filter > table["noisy_input"][level]["psnr_db"]
    # More noise, lower scores, for every denoiser and filter (the 2-D codes were never trained on noise).
    denoisers = {method: by_level for method, by_level in table.items() if method not in MAP_MODELS}
    assert all(by_level["0.5"]["psnr_db"] < by_level["0.3"]["psnr_db"] for by_level in denoisers.values())
    assert table["unet_dae"]["0.5"]["psnr_db"] > table["conv_dae"]["0.5"]["psnr_db"]
    assert set(result["maps"]) == set(MAP_MODELS)
    assert all(quality["psnr_db"] > 14 and quality["knn5_accuracy"] > 0.7 for quality in result["maps"].values())
    for kind, scores in result["kinds"].items():  # and for every kind, more noise damages the input more
        assert scores["noisy_input"]["0.5"]["psnr_db"] < scores["noisy_input"]["0.3"]["psnr_db"], kind
    text = evaluate.format_table(result)
    assert all(method in text for method in evaluate.METHODS) and "salt_and_pepper" in text


def test_numpy_metrics_match_tensorflow(test_digits):
    import tensorflow as tf

    clean = test_digits[0][:500]
    for test in (
        add_noise(clean, "gaussian", 0.5, 1),
        add_noise(clean, "masking", 0.3, 1),
        np.clip(clean + 0.02, 0, 1),
    ):
        expected_psnr = tf.image.psnr(clean[..., None], test[..., None], max_val=1.0).numpy()
        expected_ssim = tf.image.ssim(clean[..., None], test[..., None], max_val=1.0).numpy()
        # An untouched digit (a mask on the background) is infinite for TensorFlow, 100 dB here (documented).
        np.testing.assert_allclose(metrics.psnr(clean, test), np.minimum(expected_psnr, 100.0), atol=1e-4)
        np.testing.assert_allclose(metrics.ssim(clean, test), expected_ssim, atol=1e-4)
