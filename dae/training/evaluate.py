"""How well each model and each classical filter removes noise: `python -m dae.training.evaluate`.

For gaussian noise at levels 0.1 ... 0.9 (clipped, seed 0) it reconstructs all 10,000 test
digits and reports mean PSNR (dB) and SSIM against the clean digits, beside the noisy input
itself and the classical baselines. Results go to weights/evaluation.json (read by the app's
Compare page) and docs/psnr_vs_noise.png; --json prints the JSON, --levels picks levels.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from dae import baselines, catalog, data
from dae.catalog import MODEL_NAMES, REPO_ROOT
from dae.metrics import mean_psnr_ssim
from dae.noise import add_noise
from dae.training import models

LEVELS = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
PLOT_PATH = REPO_ROOT / "docs" / "psnr_vs_noise.png"
METHODS = ("noisy_input", *baselines.BASELINES, *MODEL_NAMES)


def evaluate(levels: tuple[float, ...] = LEVELS, limit: int | None = None) -> dict[str, Any]:
    """{method: {level: {"psnr_db", "ssim"}}} over the test set (first `limit` digits if given)."""
    clean, _ = data.load_test_images()
    clean = clean[:limit]
    pretrained = {name: models.load_pretrained(name) for name in MODEL_NAMES}
    results: dict[str, dict[str, dict[str, float]]] = {method: {} for method in METHODS}
    for level in levels:
        noisy = add_noise(clean, "gaussian", level, seed=0)
        outputs = {"noisy_input": noisy}
        outputs |= {name: baselines.denoise(name, noisy) for name in baselines.BASELINES}
        outputs |= {name: model.reconstruct(noisy) for name, model in pretrained.items()}
        for method, output in outputs.items():
            psnr_db, ssim_value = mean_psnr_ssim(clean, output)
            results[method][f"{level:.1f}"] = {"psnr_db": round(psnr_db, 3), "ssim": round(ssim_value, 4)}
        print(f"level {level:.1f} done", file=sys.stderr, flush=True)
    return {
        "noise": "gaussian, clipped, seed 0",
        "images": len(clean),
        "levels": [f"{v:.1f}" for v in levels],
        "results": results,
    }


def format_table(evaluation: dict) -> str:
    levels = evaluation["levels"]
    header = f"{'method':22s}" + "".join(f"  f={level:>3s} PSNR/SSIM" for level in levels)
    rows = [header]
    for method, by_level in evaluation["results"].items():
        cells = "".join(f"  {by_level[level]['psnr_db']:8.2f} / {by_level[level]['ssim']:.3f}" for level in levels)
        rows.append(f"{method:22s}{cells}")
    return "\n".join(rows)


def plot(evaluation: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    levels = [float(v) for v in evaluation["levels"]]
    figure, axes = plt.subplots(figsize=(7, 4.5), dpi=120)
    for method, by_level in evaluation["results"].items():
        style = "--" if method in baselines.BASELINES or method == "noisy_input" else "-"
        axes.plot(levels, [by_level[f"{v:.1f}"]["psnr_db"] for v in levels], style, marker="o", label=method)
    axes.set(
        xlabel="gaussian noise factor f",
        ylabel="mean PSNR on 10k test digits (dB)",
        title="Denoising quality vs noise level",
    )
    axes.grid(alpha=0.3)
    axes.legend(fontsize=8)
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", action="store_true", help="print JSON instead of the table")
    parser.add_argument("--levels", type=float, nargs="+", default=list(LEVELS))
    parser.add_argument("--limit", type=int, default=None, help="only the first N test digits")
    parser.add_argument("--no-save", action="store_true", help="do not write evaluation.json and the plot")
    args = parser.parse_args(argv)
    evaluation = evaluate(tuple(args.levels), args.limit)
    print(json.dumps(evaluation, indent=2) if args.json else format_table(evaluation))
    if not args.no_save:
        catalog.evaluation_path().write_text(json.dumps(evaluation, indent=2) + "\n")
        plot(evaluation, PLOT_PATH)


if __name__ == "__main__":
    main(sys.argv[1:])
