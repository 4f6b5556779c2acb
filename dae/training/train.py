"""Train one of the four models and write its weights and card: `python -m dae.training.train <name>`.

Each recipe follows the source article (see MODEL_RECIPES); where we train longer or change the
schedule, the recipe says so and the card records it. Noise is drawn afresh for every batch;
inputs are noisy, targets clean (the 2023 article trained noisy -> noisy; we do not).

Outputs, in weights/ unless --out says otherwise:
  <name>.weights.h5   Keras 3 weights (the architecture is built from dae/training/models.py)
  <name>.json         the card: settings, per-epoch losses, test metrics, data hash, versions, time
  <name>.*.onnx       the app's inference files, through dae.training.export (only when writing to weights/)
A checkpoint of the weights is written to checkpoints/ after every epoch.
"""

from __future__ import annotations

import argparse
import datetime
import importlib
import platform
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from dae import cards, data
from dae.catalog import MODEL_INFO, MODEL_NAMES, REPO_ROOT, weights_dir, weights_path
from dae.metrics import mean_psnr_ssim
from dae.noise import add_noise
from dae.training import models


@dataclass(frozen=True)
class Recipe:
    epochs: int
    batch_size: int
    learning_rate: float
    noise_level: float  # gaussian factor f; 0 trains a plain autoencoder on clean digits
    schedule: str = "constant"  # or "cosine": decays to 1% of learning_rate over all epochs
    mse_epochs: int = 0  # final epochs trained on MSE (what PSNR measures) instead of BCE
    note: str = ""


# conv_dae's schedule, which unet_dae shares so that the two differ only in the skip connections.
CONV_RECIPE = Recipe(40, 128, 0.002, 0.5, schedule="cosine", mse_epochs=5)

MODEL_RECIPES: dict[str, Recipe] = {
    "basic_ae": Recipe(20, 128, 0.01, 0.0, note="As the article: Adam 0.01, 20 epochs, clean -> clean."),
    "easy_dae": Recipe(30, 128, 0.001, 0.5, note="As the article: Adam 0.001, 30 epochs, f = 0.5."),
    "conv_dae": replace(
        CONV_RECIPE,
        note="Longer than the article's 10 epochs at Adam 0.001 (which reach 19.6 dB): 40 epochs, "
        "cosine-decayed from 0.002, the last 5 on MSE. Same architecture and noise.",
    ),
    "dense_bottleneck_dae": Recipe(
        10,
        32,
        0.001,
        0.2,
        note="As the article (Adam 0.001, 10 epochs, batch 32, f = 0.2), but noisy -> clean and the "
        "noisy input clipped to [0, 1] like every other model.",
    ),
    "unet_dae": replace(
        CONV_RECIPE,
        note="conv_dae's recipe (40 epochs, cosine from 0.002, the last 5 on MSE, f = 0.5), so the two "
        "differ only in the skip connections.",
    ),
    "vae_2d": Recipe(
        60,
        128,
        0.001,
        0.0,
        note="Clean -> clean; loss = per-pixel cross-entropy + KL / 784 (the usual VAE loss over 784).",
    ),
    "ae_2d": Recipe(60, 128, 0.001, 0.0, note="The VAE's recipe without the KL term."),
}

CHECKPOINT_DIR = REPO_ROOT / "checkpoints"


def epoch_batches(x_train: np.ndarray, recipe: Recipe, seed: int, epoch: int) -> tuple[np.ndarray, np.ndarray]:
    """One epoch's (noisy, clean) images, shuffled, with fresh gaussian noise for every image.

    Seeded by (seed, epoch): different in every epoch, the same in every run. Plain numpy, so the
    same code trains under TensorFlow here and JAX on a GPU machine.
    """
    rng = np.random.default_rng([seed, epoch])
    clean = x_train[rng.permutation(len(x_train))][..., None]
    if not recipe.noise_level:
        return clean, clean
    noise = rng.standard_normal(clean.shape, dtype=np.float32)
    return np.clip(clean + recipe.noise_level * noise, 0.0, 1.0), clean


def fit_one_epoch(
    model: models.KerasAutoencoder,
    x_train: np.ndarray,
    recipe: Recipe,
    seed: int,
    epoch: int,
    callbacks: list[Any] | None = None,
) -> float:
    """One pass over the training digits; the mean training loss."""
    noisy, clean = epoch_batches(x_train, recipe, seed, epoch)
    fit = model.training_model.fit(
        noisy, clean, batch_size=recipe.batch_size, epochs=1, verbose=0, shuffle=False, callbacks=callbacks
    )
    return float(fit.history["loss"][0])


def train_while_watching(
    code_units: int,
    noise_level: float,
    epochs: int,
    on_epoch: Callable[[int, float, np.ndarray], None],
    inputs: np.ndarray,
    x_train: np.ndarray,
    should_stop: Callable[[], bool] = lambda: False,
    seed: int = 0,
) -> bool:
    """Train a small dense autoencoder from scratch for the app's "Watch it learn" page; False if it stopped early.

    A fresh model (never the shipped ones, never saved), Adam 0.01 and batch 128 like basic_ae, on
    `x_train` (float digits; the page's trainer holds the first 20,000). After every epoch,
    on_epoch(epoch, loss, pictures) gets the reconstructions of `inputs` (the watched digits as the
    network sees them: a denoiser's already noised), so a page can draw them. should_stop() is asked
    after every batch: True ends the training there, that epoch unreported.
    """
    import keras

    keras.backend.clear_session()  # a trainer trains one model after another: none keeps the last one's state
    keras.utils.set_random_seed(seed)
    recipe = Recipe(epochs, 128, 0.01, noise_level)
    model = models.chain("watch", *models.dense_autoencoder(code_units))
    model.training_model.compile(optimizer=keras.optimizers.Adam(0.01), loss=models.loss_on_logits("bce"))
    stopper = keras.callbacks.LambdaCallback(on_train_batch_end=lambda batch, logs: _stop_if(model, should_stop))
    for epoch in range(epochs):
        loss = fit_one_epoch(model, x_train, recipe, seed, epoch, [stopper])
        if model.training_model.stop_training:
            return False
        on_epoch(epoch + 1, loss, model.reconstruct(inputs))
    return True


def _stop_if(model: models.KerasAutoencoder, should_stop: Callable[[], bool]) -> None:
    if should_stop():
        model.training_model.stop_training = True  # fit() ends after this batch


def evaluate_on_test(model: models.KerasAutoencoder, noise_level: float) -> dict[str, float]:
    """Loss and quality on the 10,000 test digits with fixed noise (seed 0) at `noise_level`."""
    clean, _ = data.load_test_images()
    reconstruction = model.reconstruct(add_noise(clean, "gaussian", noise_level, seed=0))
    safe = np.clip(reconstruction, 1e-7, 1 - 1e-7)  # log(0) guard for the cross-entropy only
    bce = -np.mean(clean * np.log(safe) + (1 - clean) * np.log(1 - safe))
    mse = np.mean((clean - reconstruction) ** 2)
    psnr_db, ssim_value = mean_psnr_ssim(clean, reconstruction)
    scores = {"bce": float(bce), "mse": float(mse), "psnr_db": psnr_db, "ssim": ssim_value}
    if model.variational:
        mean, log_var = model._run("encoder", [clean[..., None]])
        scores["kl"] = float(np.mean(-0.5 * np.sum(1 + log_var - mean**2 - np.exp(log_var), axis=-1)))
    return scores


def train(name: str, out_dir: Path, seed: int = 0, epochs: int | None = None) -> cards.ModelCard:
    """Train `name` by its recipe (epochs overridable for quick trials), then write weights and card."""
    import keras

    recipe = MODEL_RECIPES[name]
    if epochs is not None:
        recipe = Recipe(**{**asdict(recipe), "epochs": epochs, "mse_epochs": min(recipe.mse_epochs, epochs)})
    keras.utils.set_random_seed(seed)
    (x_train_u8, _), _ = data.load_mnist()
    x_train = data.to_float(x_train_u8)
    model = models.build(name)
    optimizer = keras.optimizers.Adam(
        learning_rate(recipe, steps_per_epoch=int(np.ceil(len(x_train) / recipe.batch_size)))
    )
    CHECKPOINT_DIR.mkdir(exist_ok=True)
    history: list[cards.Epoch] = []
    started = time.time()
    print(f"training {name}: {recipe}", flush=True)
    for epoch in range(recipe.epochs):
        loss_name = "mse" if epoch >= recipe.epochs - recipe.mse_epochs else "bce"
        if epoch == 0 or loss_name == "mse" and history[-1]["loss"] == "bce":
            model.training_model.compile(optimizer=optimizer, loss=models.loss_on_logits(loss_name))
        history.append(train_one_epoch(model, recipe, x_train, seed, epoch, loss_name))
        elapsed = time.time() - started
        eta = elapsed / (epoch + 1) * (recipe.epochs - epoch - 1)
        print(
            f"epoch {epoch + 1:2d}/{recipe.epochs}  train {loss_name} {history[-1]['train_loss']:.4f}  "
            f"val bce {history[-1]['val_bce']:.4f}  val psnr {history[-1]['val_psnr_db']:.2f} dB  "
            f"({history[-1]['seconds']:.0f} s, eta {eta / 60:.1f} min)",
            flush=True,
        )
        model.keras_model.save_weights(CHECKPOINT_DIR / f"{name}.weights.h5")
    return write_outputs(model, recipe, history, out_dir, seed, time.time() - started)


def learning_rate(recipe: Recipe, steps_per_epoch: int) -> Any:
    """The recipe's rate: a constant, or cosine-decayed to 1% over all epochs."""
    import keras

    if recipe.schedule != "cosine":
        return recipe.learning_rate
    return keras.optimizers.schedules.CosineDecay(
        recipe.learning_rate, decay_steps=recipe.epochs * steps_per_epoch, alpha=0.01
    )


def train_one_epoch(
    model: models.KerasAutoencoder, recipe: Recipe, x_train: np.ndarray, seed: int, epoch: int, loss_name: str
) -> cards.Epoch:
    """One pass over the training digits, then the test-set scores the card records for this epoch."""
    epoch_start = time.time()
    train_loss = fit_one_epoch(model, x_train, recipe, seed, epoch)
    test = evaluate_on_test(model, recipe.noise_level)
    record: cards.Epoch = {
        "epoch": epoch + 1,
        "loss": loss_name,
        "train_loss": train_loss,
        "val_bce": test["bce"],
        "val_mse": test["mse"],
        "val_psnr_db": test["psnr_db"],
        "seconds": round(time.time() - epoch_start, 1),
    }
    if "kl" in test:
        record["val_kl"] = test["kl"]  # nats per digit; val_bce * 784 is the reconstruction term
    return record


def write_outputs(
    model: models.KerasAutoencoder,
    recipe: Recipe,
    history: list[cards.Epoch],
    out_dir: Path,
    seed: int,
    wall_seconds: float,
) -> cards.ModelCard:
    """The weights (layers only) and the card's training half; the export adds the files half."""
    import keras

    out_dir.mkdir(parents=True, exist_ok=True)
    path = weights_path(model.name, out_dir)
    save_inference_weights(model, path)
    info = MODEL_INFO[model.name]
    card: cards.ModelCard = {
        "name": model.name,
        "title": info.title,
        "description": info.description,
        "source": info.source,
        "latent_shape": list(model.latent_shape),
        "parameters": model.parameter_count,
        "training": training_record(recipe, seed),
        "history": history,
        "test_metrics": card_metrics(model, recipe.noise_level),
        "weights_file": path.name,
        "weights_sha256": data.sha256_of(path),
        "data_sha256": data.DIGITS_SHA256,  # the digits themselves (load_mnist checked them), not a file
        "versions": {
            "python": platform.python_version(),
            "keras": keras.__version__,
            keras.backend.backend(): importlib.import_module(keras.backend.backend()).__version__,
            "numpy": np.__version__,
        },
        "wall_time_s": round(wall_seconds, 1),
        "trained_on": datetime.date.today().isoformat(),
        "command": f"python -m dae.training.train {model.name}",
    }
    if model.latent_shape == (2,):
        card["knn5_accuracy"] = map_accuracy(model)
    cards.write_card(card, out_dir)
    print(f"wrote {path} and its card; test metrics {card['test_metrics']}")
    return card


def training_record(recipe: Recipe, seed: int) -> cards.Training:
    loss = "binary cross-entropy" + (f", then MSE for the last {recipe.mse_epochs} epochs" if recipe.mse_epochs else "")
    return {
        **asdict(recipe),  # type: ignore[typeddict-item]
        "seed": seed,
        "optimizer": "Adam",
        "loss": loss,
        "train_images": 60000,
        "noise": "gaussian, clipped" if recipe.noise_level else "none",
        "validation": "the 10,000 test digits with fixed noise (seed 0), monitored only",
    }


def save_inference_weights(model: models.KerasAutoencoder, path: Path) -> None:
    """Save the layers' weights only: a compiled model's save_weights also stores Adam's two moments."""
    bare = models.build(model.name)
    bare.keras_model.set_weights(model.keras_model.get_weights())
    bare.keras_model.save_weights(path)


def card_metrics(model: models.KerasAutoencoder, noise_level: float) -> dict[str, cards.Scores]:
    """The card's PSNR/SSIM on the 10k test digits: clean input, gaussian 0.2 / 0.5 and the model's own level."""
    scores = {level: evaluate_on_test(model, level) for level in sorted({0.0, 0.2, 0.5, noise_level})}
    return {
        f"gaussian_{level:.1f}": {"psnr_db": round(score["psnr_db"], 3), "ssim": round(score["ssim"], 4)}
        for level, score in scores.items()
    }


def map_accuracy(model: models.KerasAutoencoder) -> float:
    """For a 2-D code: how often the 5 nearest training codes name a test digit's label (as the evaluation measures)."""
    from dae.training.evaluate import map_quality

    return map_quality(model)["knn5_accuracy"]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("name", choices=MODEL_NAMES)
    parser.add_argument("--out", type=Path, default=None, help="output folder (default: weights/)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--epochs", type=int, default=None, help="override the recipe (for quick trials)")
    args = parser.parse_args(argv)
    out_dir = args.out or weights_dir()
    train(args.name, out_dir, args.seed, args.epochs)
    if out_dir == weights_dir():
        from dae.training.export import export

        export(args.name)  # the app runs the ONNX files: keep them in step with the weights


if __name__ == "__main__":
    main(sys.argv[1:])
