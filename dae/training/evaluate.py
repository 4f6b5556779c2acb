"""How well each model and each classical filter removes every kind of noise: `python -m dae.training.evaluate`.

For each noise kind (gaussian, salt and pepper, masking; calibrated as in dae.noise) at levels
0.1 ... 1.0 (seed 0) it reconstructs all 10,000 test digits and reports mean PSNR (dB) and SSIM
against the clean digits, beside the noisy input itself and the classical baselines. Results go to
weights/evaluation.json (read by the app's Compare page) and docs/psnr_vs_noise.png; --json prints
the JSON, --levels and --kinds pick what to measure. It runs the shipped ONNX files, as the app does.
For the 2-D codes (vae_2d, ae_2d) it also reports their two quality bars: clean digits decoded from
the code (PSNR), and how often a code's 5 nearest training codes name its digit.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from dae import baselines, catalog, data, latent, runtime
from dae.autoencoder import Autoencoder
from dae.catalog import MAP_MODELS, MODEL_NAMES, REPO_ROOT
from dae.metrics import mean_psnr_ssim
from dae.noise import NOISE_KINDS, add_noise

LEVELS = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
PLOT_PATH = REPO_ROOT / "docs" / "psnr_vs_noise.png"
METHODS = ("noisy_input", *baselines.BASELINES, *MODEL_NAMES)


Scores = dict[str, dict[str, dict[str, float]]]  # method -> level -> {"psnr_db", "ssim"}


def evaluate(
    levels: tuple[float, ...] = LEVELS, limit: int | None = None, kinds: tuple[str, ...] = NOISE_KINDS
) -> dict[str, Any]:
    """{"kinds": {kind: {method: {level: {"psnr_db", "ssim"}}}}, ...} over the test set (the first `limit`)."""
    clean, _ = data.load_test_images()
    clean = clean[:limit]
    shipped = {name: runtime.load(name) for name in MODEL_NAMES}  # what the app runs, hash-checked
    return {
        "noise": "every kind as dae.noise calibrates it, seed 0",
        "images": len(clean),
        "levels": [f"{v:.1f}" for v in levels],
        "kinds": {kind: scores_for(kind, levels, clean, shipped) for kind in kinds},
        "maps": {name: map_quality(shipped[name], limit) for name in MAP_MODELS},
    }


def map_quality(model: Autoencoder, limit: int | None = None) -> dict[str, float]:
    """A 2-D code's two bars: the decoded code's PSNR on clean test digits, and 5-NN accuracy on the codes."""
    (train_images, train_labels), _ = data.load_mnist()
    test_images, test_labels = data.load_test_images()
    test_images, test_labels = test_images[:limit], test_labels[:limit]
    codes = model.encode(test_images)
    psnr_db, ssim_value = mean_psnr_ssim(test_images, model.decode(codes))
    train_codes = model.encode(data.to_float(train_images))
    accuracy = latent.knn_accuracy(train_codes, train_labels, codes, test_labels)
    return {"psnr_db": round(psnr_db, 3), "ssim": round(ssim_value, 4), "knn5_accuracy": round(accuracy, 4)}


def scores_for(kind: str, levels: tuple[float, ...], clean: Any, pretrained: dict[str, Any]) -> Scores:
    """Every method's mean PSNR and SSIM at each level of one noise kind."""
    results: Scores = {method: {} for method in METHODS}
    for level in levels:
        noisy = add_noise(clean, kind, level, seed=0)
        outputs = {"noisy_input": noisy}
        outputs |= {name: baselines.denoise(name, noisy) for name in baselines.BASELINES}
        outputs |= {name: model.reconstruct(noisy) for name, model in pretrained.items()}
        for method, output in outputs.items():
            psnr_db, ssim_value = mean_psnr_ssim(clean, output)
            results[method][f"{level:.1f}"] = {"psnr_db": round(psnr_db, 3), "ssim": round(ssim_value, 4)}
        print(f"{kind} {level:.1f} done", file=sys.stderr, flush=True)
    return results


def format_table(evaluation: dict) -> str:
    """One table per noise kind: a row per method, PSNR / SSIM at each level."""
    levels = evaluation["levels"]
    rows = []
    for kind, results in evaluation["kinds"].items():
        rows.append(f"\n{kind}\n{'method':22s}" + "".join(f"  l={level:>3s} PSNR/SSIM" for level in levels))
        for method, by_level in results.items():
            cells = "".join(f"  {by_level[level]['psnr_db']:8.2f} / {by_level[level]['ssim']:.3f}" for level in levels)
            rows.append(f"{method:22s}{cells}")
    for name, quality in evaluation.get("maps", {}).items():
        rows.append(
            f"\n{name}: clean digits decoded from the 2-D code {quality['psnr_db']:.2f} dB / {quality['ssim']:.3f}, "
            f"5-nearest-neighbour accuracy on the codes {quality['knn5_accuracy']:.1%}"
        )
    return "\n".join(rows)


def plot(evaluation: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    levels = [float(v) for v in evaluation["levels"]]
    kinds = evaluation["kinds"]
    figure, panels = plt.subplots(1, len(kinds), figsize=(6 * len(kinds), 4.5), dpi=110, sharey=True, squeeze=False)
    for axes, (kind, results) in zip(panels[0], kinds.items(), strict=True):
        for method, by_level in results.items():
            if method in MAP_MODELS:
                continue  # maps, not denoisers: their bars are printed, not drawn
            style = "--" if method in baselines.BASELINES or method == "noisy_input" else "-"
            axes.plot(levels, [by_level[f"{v:.1f}"]["psnr_db"] for v in levels], style, marker="o", label=method)
        axes.set(xlabel=f"{kind.replace('_', ' ')} noise level", title=kind.replace("_", " "))
        axes.grid(alpha=0.3)
    panels[0][0].set_ylabel("mean PSNR on the 10k test digits (dB)")
    panels[0][-1].legend(fontsize=8)
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", action="store_true", help="print JSON instead of the table")
    parser.add_argument("--levels", type=float, nargs="+", default=list(LEVELS))
    parser.add_argument("--kinds", nargs="+", choices=NOISE_KINDS, default=list(NOISE_KINDS))
    parser.add_argument("--limit", type=int, default=None, help="only the first N test digits")
    parser.add_argument("--no-save", action="store_true", help="do not write evaluation.json and the plot")
    args = parser.parse_args(argv)
    evaluation = evaluate(tuple(args.levels), args.limit, tuple(args.kinds))
    print(json.dumps(evaluation, indent=2) if args.json else format_table(evaluation))
    if not args.no_save:
        catalog.evaluation_path().write_text(json.dumps(evaluation, indent=2) + "\n")
        plot(evaluation, PLOT_PATH)


if __name__ == "__main__":
    main(sys.argv[1:])
