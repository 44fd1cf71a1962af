"""Makes the SSIM/PSNR reference fixture with scikit-image, an implementation independent of RedNet's.

Run with Debian's python3 (python3-skimage 0.19.3, numpy 1.24.2, scipy 1.10.1, python3-imageio):
    /usr/bin/python3 make-reference.py ../matlab-bicubic/Set5/x2/HR/img_004.png
It writes reference.png (the Y channel of the HR image, MATLAB rgb2ycbcr, rounded to 8 bits), distorted.png (that Y
blurred with a 5x5 box and given a seeded noise pattern, rounded) and prints the values the test asserts.
"""
import sys
import imageio as iio
import numpy as np
from scipy.ndimage import uniform_filter
from skimage.metrics import structural_similarity, peak_signal_noise_ratio

rgb = np.asarray(iio.imread(sys.argv[1])).astype(np.float64)[..., :3] / 255.0
y = 16 + 65.481 * rgb[..., 0] + 128.553 * rgb[..., 1] + 24.966 * rgb[..., 2]
reference = np.clip(np.round(y), 0, 255).astype(np.uint8)
noise = np.random.default_rng(7).normal(0, 4, reference.shape)
distorted = np.clip(np.round(uniform_filter(reference.astype(np.float64), 5, mode="nearest") + noise), 0, 255).astype(np.uint8)
iio.imwrite("reference.png", reference)
iio.imwrite("distorted.png", distorted)
a, b = reference.astype(np.float64), distorted.astype(np.float64)
# Wang et al.: 11x11 Gaussian (sigma 1.5, truncate 3.5 -> radius 5), K1 0.01, K2 0.03, population covariance, L = 255;
# scikit-image averages the map over the 'valid' part (it crops 5 pixels from every side), as ssim_index does.
ssim = structural_similarity(a, b, gaussian_weights=True, sigma=1.5, use_sample_covariance=False, data_range=255)
psnr = peak_signal_noise_ratio(a, b, data_range=255)
print(f"size {reference.shape[1]}x{reference.shape[0]} ssim {ssim:.10f} psnr {psnr:.10f}")
