"""dae: denoising autoencoders on MNIST, the library behind the Streamlit app (TensorFlow only to train).

Data and models:   data, noise, catalog (names, paths, cards), models (Keras), train, export (-> ONNX)
The app's path:    runtime (ONNX), preprocess, pipeline, metrics, baselines, latent, views, charts, share
Measuring:         evaluate, bench, bench_browser, load_test, server
Each runs as `python -m dae.<module>` where that makes sense; the README lists what each prints.
"""
