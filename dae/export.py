"""Export a trained model to ONNX for the app's fast, TensorFlow-free path: `python -m dae.export [name ...]`.

Each model becomes four files beside its weights, all with a dynamic batch dimension:
  <name>.encoder.onnx         image -> code
  <name>.decoder.onnx         code -> reconstruction
  <name>.encoder_layers.onnx  image -> every encoder layer's output (for "Inside the conv DAE")
  <name>.decoder_layers.onnx  code -> every decoder layer's output
Each file is checked against Keras on 256 real test digits (max difference 1e-4) and its SHA-256,
the layer names and the architecture table go into the model's card. `python -m dae.train` runs
this at the end; run it alone after editing a model's weights.
"""

from __future__ import annotations

import json
import sys
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from dae import data, models
from dae.noise import add_noise

if TYPE_CHECKING:
    import keras

OPSET = 17
TOLERANCE = 1e-4


def onnx_parts(model: models.Autoencoder) -> dict[str, keras.Model]:
    """part name -> Keras model to export."""
    import keras

    return {
        "encoder": model.encoder,
        "decoder": model.decoder,
        "encoder_layers": keras.Model(model.encoder.input, [layer.output for layer in model.encoder.layers[1:]]),
        "decoder_layers": keras.Model(model.decoder.input, [layer.output for layer in model.decoder.layers[1:]]),
    }


def export_onnx(keras_model: keras.Model, path: Path) -> None:
    """A Keras functional model -> ONNX (through tf2onnx) with a dynamic batch dimension."""
    import keras
    import onnx

    spec = keras.InputSpec(
        shape=(None, *keras_model.inputs[0].shape[1:]), dtype="float32", name=keras_model.inputs[0].name
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)  # tf2onnx still mentions np.object
        keras_model.export(str(path), format="onnx", verbose=False, input_signature=[spec], opset_version=OPSET)
    graph = onnx.load(str(path))
    # tf2onnx writes Keras' nearest Resizing as "tf_half_pixel_for_nn", dropped from ONNX at Resize-13.
    # The same sampling, floor((x + 0.5) / scale), is half_pixel with round_prefer_ceil.
    for node in graph.graph.node:
        if node.op_type == "Resize":
            attributes = {attribute.name: attribute for attribute in node.attribute}
            if attributes["coordinate_transformation_mode"].s == b"tf_half_pixel_for_nn":
                attributes["coordinate_transformation_mode"].s = b"half_pixel"
                attributes["nearest_mode"].s = b"round_prefer_ceil"
    onnx.checker.check_model(graph, full_check=True)
    onnx.save(graph, str(path))


def export(name: str) -> dict[str, Any]:
    """Export one shipped model, verify it against Keras, and record the files in its card."""
    import onnxruntime

    model = models.load_pretrained(name)
    clean, _ = data.load_test_images()
    images = add_noise(clean[:256], "gaussian", 0.5, seed=0)[..., None]
    codes = model.encoder.predict_on_batch(images)
    files, worst = {}, 0.0
    for part, keras_model in onnx_parts(model).items():
        path = models.onnx_path(name, part)
        export_onnx(keras_model, path)
        inputs = images if part.startswith("encoder") else np.asarray(codes)
        expected = keras_model.predict_on_batch(inputs)
        expected = expected if isinstance(expected, (list, tuple)) else [expected]
        session = onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])
        outputs = session.run(None, {session.get_inputs()[0].name: inputs})
        difference = max(float(np.max(np.abs(np.asarray(e) - o))) for e, o in zip(expected, outputs, strict=True))
        if difference > TOLERANCE:
            raise RuntimeError(f"{path.name} differs from Keras by {difference:.2e} (> {TOLERANCE})")
        worst = max(worst, difference)
        files[part] = {"file": path.name, "sha256": data.sha256_of(path)}
    card_file = models.card_path(name)
    card = json.loads(card_file.read_text())
    card["onnx"] = {"opset": OPSET, "max_difference_from_keras": worst, "files": files}
    card["layers"] = {
        "encoder": [layer.name for layer in model.encoder.layers[1:]],
        "decoder": [layer.name for layer in model.decoder.layers[1:]],
    }
    card["architecture"] = model.architecture()
    card_file.write_text(json.dumps(card, indent=2) + "\n")
    print(f"{name}: 4 ONNX files, max difference from Keras {worst:.1e}")
    return card


if __name__ == "__main__":
    for model_name in sys.argv[1:] or models.MODEL_NAMES:
        export(model_name)
