"""Export a trained model to ONNX for the app's fast, TensorFlow-free path: `python -m dae.training.export [name ...]`.

Each model becomes four files beside its weights, all with a dynamic batch dimension:
  <name>.encoder.onnx         image -> code
  <name>.decoder.onnx         code -> reconstruction
  <name>.encoder_layers.onnx  image -> every encoder layer's output (for "Inside the conv DAE")
  <name>.decoder_layers.onnx  code -> every decoder layer's output
Each file is checked against Keras on 256 real test digits (max difference 1e-4) and its SHA-256,
the layer names and the architecture table go into the model's card. The graphs are rewritten where
onnxruntime ran them slowly (onnx_friendly, _fix_resize, _split_single_output_conv) without changing
what they compute: the 1e-4 check runs against the original Keras model. `python -m dae.training.train`
runs this at the end; run it alone after editing a model's weights.
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from dae import cards, data
from dae.catalog import MODEL_NAMES, onnx_path
from dae.noise import add_noise
from dae.training import models

if TYPE_CHECKING:
    import keras
    import onnx

OPSET = 17
TOLERANCE = 1e-4


def _onnx_friendly_layer(layer: keras.Layer) -> keras.Layer:
    """A new layer computing what `layer` does, in a form that tf2onnx and onnxruntime run fast.

    - UpSampling2D (nearest) exports as Unsqueeze/Tile/Transpose/Reshape chains in NHWC, with layout
      Transposes around them: a third of dense_bottleneck_dae's decoder time. Resizing (nearest) to the
      same size picks the same pixels and exports as one Resize that stays in onnxruntime's NCHW layout.
    - onnxruntime's ConvTranspose has no blocked (NCHWc) kernel and ran 3-4x slower than Conv. With stride 1
      and "same" padding, a transposed convolution is a convolution with the kernel flipped and its
      in/out channels swapped (onnx_friendly() converts the weights).
    Any other layer is copied as it is.
    """
    from keras import layers

    if isinstance(layer, layers.UpSampling2D) and layer.interpolation == "nearest":
        height, width = layer.output.shape[1:3]
        return layers.Resizing(height, width, interpolation="nearest", name=layer.name)
    if _is_plain_transposed_conv(layer):
        return layers.Conv2D(
            layer.filters,
            layer.kernel_size,
            padding="same",
            activation=layer.activation,
            use_bias=layer.use_bias,
            name=layer.name,
        )
    return type(layer).from_config(layer.get_config())


def _is_plain_transposed_conv(layer: keras.Layer) -> bool:
    from keras import layers

    return (
        isinstance(layer, layers.Conv2DTranspose)
        and layer.padding == "same"
        and tuple(layer.strides) == (1, 1)
        and tuple(layer.dilation_rate) == (1, 1)
        and all(size % 2 for size in layer.kernel_size)  # odd kernels pad both sides alike
    )


def onnx_friendly(keras_model: keras.Model) -> keras.Model:
    """A twin of a functional model, with the same weights, in layers that onnxruntime runs fast.

    Layer names are kept, so the layer-by-layer exports list the same layers; export() checks every
    output against the original model.
    """
    import keras

    twin = keras.models.clone_model(keras_model, clone_function=_onnx_friendly_layer)
    for original, copy in zip(keras_model.layers, twin.layers, strict=True):
        weights = original.get_weights()
        if _is_plain_transposed_conv(original):
            kernel, *bias = weights  # kernel: (height, width, out, in) -> Conv2D's (height, width, in, out)
            weights = [np.flip(kernel, (0, 1)).transpose(0, 1, 3, 2), *bias]
        copy.set_weights(weights)
    return twin


def _fix_resize(node: onnx.NodeProto, scales: np.ndarray | None) -> None:
    """Give tf2onnx's nearest Resize a sampling mode ONNX still has, in the form onnxruntime runs fastest."""
    attributes = {attribute.name: attribute for attribute in node.attribute}
    mode = attributes["coordinate_transformation_mode"]
    if attributes["mode"].s != b"nearest" or mode.s not in (b"tf_half_pixel_for_nn", b"half_pixel"):
        return
    if scales is not None and np.all(scales == np.round(scales)):
        # Integer scales s: half-pixel sampling picks source pixel floor(x / s) whatever the rounding. Written
        # as "asymmetric" + "floor", onnxruntime keeps the Resize in its blocked NCHWc layout instead of
        # reordering to NCHW and back around it (10-15% of conv_dae's decoder time).
        mode.s, attributes["nearest_mode"].s = b"asymmetric", b"floor"
    elif mode.s == b"tf_half_pixel_for_nn":
        # Dropped from ONNX at Resize-13. The same sampling, floor((x + 0.5) / scale), is half_pixel
        # with round_prefer_ceil.
        mode.s, attributes["nearest_mode"].s = b"half_pixel", b"round_prefer_ceil"


def _split_single_output_conv(graph: onnx.GraphProto, node: onnx.NodeProto, constants: dict[str, np.ndarray]) -> None:
    """Rewrite a k x k convolution to one channel (the logits) as a 1 x 1 convolution to k * k channels, one per
    kernel tap, then a k x k convolution with 0/1 weights that adds the taps up at their offsets.

    onnxruntime's blocked (NCHWc) convolution pads output channels to 16, so a 1-channel conv does 16x the
    work: it was the slowest layer of dense_bottleneck_dae (40% of its decoder). Split, the wide conv is
    1 x 1 and the 0/1 conv reads k * k channels instead of all of them: 8-12% off the 10k-digit batch.
    """
    from onnx import helper, numpy_helper

    weights = constants.get(node.input[1])
    attributes = {attribute.name: helper.get_attribute_value(attribute) for attribute in node.attribute}
    if (
        weights is None
        or weights.ndim != 4
        or weights.shape[0] != 1
        or weights.shape[2] * weights.shape[3] == 1
        or attributes.get("group", 1) != 1
        or set(attributes.get("strides", [1])) != {1}
        or set(attributes.get("dilations", [1])) != {1}
    ):
        return
    _, channels, height, width = weights.shape
    taps = weights[0].transpose(1, 2, 0).reshape(height * width, channels, 1, 1)  # tap (row, col) -> weights
    adder = np.eye(height * width, dtype=weights.dtype).reshape(1, height * width, height, width)
    names = [f"{node.name}/taps", f"{node.name}/tap_adder", f"{node.name}/tap_outputs"]
    graph.initializer.extend([numpy_helper.from_array(taps, names[0]), numpy_helper.from_array(adder, names[1])])
    tap_conv = helper.make_node("Conv", [node.input[0], names[0]], [names[2]], name=names[0], kernel_shape=[1, 1])
    graph.node.insert(list(graph.node).index(node), tap_conv)
    original_weights, node.input[0], node.input[1] = node.input[1], names[2], names[1]
    if not any(original_weights in other.input for other in graph.node):
        graph.initializer.remove(next(tensor for tensor in graph.initializer if tensor.name == original_weights))


def export_onnx(keras_model: keras.Model, path: Path) -> None:
    """A Keras functional model -> ONNX (through tf2onnx) with a dynamic batch dimension."""
    import keras
    import onnx
    from onnx import numpy_helper

    specs = [
        keras.InputSpec(shape=(None, *tensor.shape[1:]), dtype="float32", name=tensor.name)
        for tensor in keras_model.inputs
    ]
    signature = specs if len(specs) == 1 else [specs]  # several inputs arrive as one list, as Keras calls them
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)  # tf2onnx still mentions np.object
        keras_model.export(str(path), format="onnx", verbose=False, input_signature=signature, opset_version=OPSET)
    graph = onnx.load(str(path))
    constants = {tensor.name: numpy_helper.to_array(tensor) for tensor in graph.graph.initializer}
    for node in graph.graph.node:
        if node.op_type == "Resize":
            _fix_resize(node, constants.get(node.input[2]) if len(node.input) > 2 else None)
    for node in list(graph.graph.node):
        if node.op_type == "Conv":
            _split_single_output_conv(graph.graph, node, constants)
    onnx.checker.check_model(graph, full_check=True)
    onnx.save(graph, str(path))


def export(name: str) -> cards.ModelCard:
    """Export one shipped model, verify it against Keras, and record the files and the anatomy in its card."""
    model = models.load_pretrained(name)
    clean, _ = data.load_test_images()
    images = [add_noise(clean[:256], "gaussian", 0.5, seed=0)[..., None]]
    encoded = model._run("encoder", images)[: model.decoder_inputs]  # the code (and a U-Net's skips)
    files: dict[str, cards.OnnxFile] = {}
    worst = 0.0
    twins = models.probes(onnx_friendly(model.encoder), onnx_friendly(model.decoder))
    for part, keras_model in model.parts.items():
        path = onnx_path(name, part)
        export_onnx(twins[part], path)
        worst = max(worst, _difference_from_keras(keras_model, path, images if part.startswith("encoder") else encoded))
        files[part] = {"file": path.name, "sha256": data.sha256_of(path)}
    card = cards.read_card(name, exported=False)
    anatomy = model.anatomy
    card["onnx"] = {"opset": OPSET, "max_difference_from_keras": worst, "files": files}
    card["latent_shape"], card["parameters"] = list(anatomy.latent_shape), anatomy.parameters
    card["layers"], card["architecture"] = anatomy.layers, anatomy.architecture
    cards.write_card(card)
    print(f"{name}: 4 ONNX files, max difference from Keras {worst:.1e}")
    return card


def _difference_from_keras(keras_model: keras.Model, path: Path, inputs: list[np.ndarray]) -> float:
    """The largest difference between the ONNX file's outputs and Keras'; RuntimeError above TOLERANCE.

    The inputs go in by position, as dae.runtime passes them: a file whose inputs came out in another
    order fails here.
    """
    import onnxruntime

    expected = keras_model.predict_on_batch(inputs if len(inputs) > 1 else inputs[0])
    expected = expected if isinstance(expected, (list, tuple)) else [expected]
    session = onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    feed = {node.name: array for node, array in zip(session.get_inputs(), inputs, strict=True)}
    outputs = session.run(None, feed)
    difference = max(float(np.max(np.abs(np.asarray(e) - o))) for e, o in zip(expected, outputs, strict=True))
    if difference > TOLERANCE:
        raise RuntimeError(f"{path.name} differs from Keras by {difference:.2e} (> {TOLERANCE})")
    return difference


if __name__ == "__main__":
    for model_name in sys.argv[1:] or MODEL_NAMES:
        export(model_name)
