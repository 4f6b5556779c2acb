"""dae: denoising autoencoders on MNIST, the runtime library behind the Streamlit app.

numpy, onnxruntime, Pillow and Altair only: no Streamlit, no TensorFlow, no Playwright
(tests/test_layout.py checks). Keras lives in dae.training, pictures and charts in dae.render;
docs/architecture.md shows how data flows through the modules.
"""
