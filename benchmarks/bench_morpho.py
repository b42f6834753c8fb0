"""Morpho-MNIST on CPU: our batched morphometrics against the same measurements one image at a time (the per-image
loops of Morpho-MNIST's `measure_image`, rewritten here from its formulas), and our thickness operation (8x upsampling,
distance-transform thresholds, three targets per digit sharing the medial axis) against DeepSCM's (16x, integer disk,
one target at a time). Prints digits/s, the ratio, and the agreement of the two measurements.
    CGN_DATA=../shared/data python benchmarks/bench_morpho.py [--n 500] [--threads 1]
    python benchmarks/bench_morpho.py --smoke         # 8 digits
"""
import numpy as np
from scipy import ndimage
from skimage import morphology, transform
from _common import parser, start, print_done
from cgn_nb.core import Timer
from cgn_nb.data import load_mnist
from cgn_nb.morpho import measure, set_thickness, LINK_WEIGHTS


def measure_one(img, scale=4, frac=.02):
    "One digit's area, length, thickness, slant, width, height: Morpho-MNIST's per-image algorithm (loops over lines)."
    hi = (255. * transform.pyramid_expand(img, upscale=scale, order=3)).astype(np.uint8)
    b = hi >= hi.min() + (hi.max() - hi.min()) * .5
    skel, dist = morphology.medial_axis(b, return_distance=True, rng=0)
    im = hi.astype(float); H, W = im.shape; x, y = np.arange(W)[None, :], np.arange(H)[:, None]
    m00 = im.sum(); cx, cy = (x * im).sum() / m00, (y * im).sum() / m00
    u11, u02 = (x * y * im).sum() / m00 - cx * cy, (y * y * im).sum() / m00 - cy**2
    shear = u11 / u02
    hcdf = np.array([((x + .5 < t + shear * (y - cy)) * im).sum() for t in range(W)]) / m00
    vcdf = np.array([((y < t) * im).sum() for t in range(H)]) / m00
    left, right = np.interp([frac / 2, 1 - frac / 2], hcdf, np.arange(W))
    top, bottom = np.interp([frac / 2, 1 - frac / 2], vcdf, np.arange(H))
    length = (ndimage.correlate(skel.astype(float), LINK_WEIGHTS, mode='constant') * skel).sum() / scale
    return b.sum() / scale**2, length, 2 * dist[skel].mean() / scale, np.arctan(-shear), (right - left) / scale, (bottom - top) / scale


def main(argv=None):
    p = parser(__doc__, threads=1); p.add_argument('--n', type=int, default=500, help='MNIST test digits')
    a = p.parse_args(argv)
    n = 8 if a.smoke else a.n
    start(a, 'cpu')
    d = load_mnist(False)[0][:n].numpy()
    with Timer() as tb: ours = measure(d)
    with Timer() as to: ref = np.array([measure_one(im) for im in d])
    cols = ['area', 'length', 'thickness', 'slant', 'width', 'height']
    diff = np.abs(ours[cols].values - ref).max(0)
    print(f'measure, batched:     {n / tb.seconds:7.1f} digits/s ({tb.seconds:.2f} s)')
    print(f'measure, one by one:  {n / to.seconds:7.1f} digits/s ({to.seconds:.2f} s); batched is {to.seconds / tb.seconds:.2f}x faster')
    print('largest difference per measure: ' + ', '.join(f'{c} {v:.2g}' for c, v in zip(cols, diff)))
    rng = np.random.default_rng(0); targets = 0.5 + rng.gamma(10., 1 / 5., (3, n))       # three data sets' thicknesses
    with Timer() as t8: set_thickness(d, targets, 8, 'edt')
    with Timer() as t16: [set_thickness(d, targets[k], 16, 'disk') for k in range(3)]
    print(f'set thickness x3, ours (8x, distance transform, shared): {3 * n / t8.seconds:6.1f} digits/s ({t8.seconds:.2f} s)')
    print(f"set thickness x3, DeepSCM's (16x disk, one at a time):   {3 * n / t16.seconds:6.1f} digits/s ({t16.seconds:.2f} s); ours is {t16.seconds / t8.seconds:.2f}x faster")
    print_done('cpu')


if __name__ == '__main__': main()
