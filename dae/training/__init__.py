"""Training, in Keras/TensorFlow: the four models, their training, the ONNX export and the evaluation.

Never imported by the app, which runs the exported ONNX files (dae.runtime); the one exception is the
Watch it learn page, which starts dae.training.watch in a child process (Keras loads there, not in the server).
"""
