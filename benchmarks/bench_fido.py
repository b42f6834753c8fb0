"""FIDO, batched against the same code run one image at a time (as the original code runs it).

Both paths call `cgn_nb.fido.fido` with the same settings: the batched path explains --batch images in one call (all
mask samples of all images in one forward pass per step); the sequential path calls it once per image, for --single
images (fewer: it is slow), and the rate is per image, so the two are comparable. Reported: images per minute of each,
the ratio, wall time and peak memory. The classifier is the paper's CNN (random weights, or a trained one with
--classifier, e.g. a Table 2 `clf-*.pt`): speed does not depend on what it learned. Also probes the in-filler cost.

    CGN_DATA=/work/shared/data python benchmarks/bench_fido.py                      # 256 batched vs 8 one at a time, blur
    CGN_DATA=/work/shared/data python benchmarks/bench_fido.py --infill learned cgn_bg --steps 100
    python benchmarks/bench_fido.py --smoke                                        # seconds: 8 vs 2 images, 5 steps
"""
from _common import parser, start, print_done
from cgn_nb.core import Timer, set_seed
from cgn_nb.data import make_variant
from cgn_nb.classifiers import MnistCNN, load_classifier
from cgn_nb.mechanisms import CGN, CGNConfig
from cgn_nb.infill import make_infiller, LearnedInfill, InpaintNet, dataset_mean
from cgn_nb.fido import FidoConfig, fido


def rate(model, x, y, fill, cfg, per_call: int) -> tuple:
    "Images per minute of `fido` on x in calls of `per_call` images; and the seconds."
    with Timer() as t:
        for i in range(0, len(x), per_call): fido(model, x[i:i + per_call], y[i:i + per_call], fill, cfg, seed=i)
    return 60 * len(x) / t.seconds, t.seconds


def main(argv=None):
    p = parser(__doc__, threads=1)
    p.add_argument('--variant', default='double_colored_mnist')
    p.add_argument('--batch', type=int, default=256, help='images explained together by the batched path')
    p.add_argument('--single', type=int, default=8, help='images explained one at a time by the sequential path')
    p.add_argument('--steps', type=int, default=300, help='optimiser steps (the paper: 300)')
    p.add_argument('--samples', type=int, default=4, help='mask samples per image and step')
    p.add_argument('--infill', nargs='+', default=['blur'], help='in-fillers to time (the learned and CGN ones at random init)')
    p.add_argument('--no-amp', action='store_true', help='float32 classifier instead of bfloat16 autocast')
    p.add_argument('--classifier', default=None, help='a trained MnistCNN state dict (default: random weights)')
    a = p.parse_args(argv)
    if a.smoke: a.batch, a.single, a.steps = 8, 2, 5
    dev = start(a)
    set_seed(0)
    test = make_variant(a.variant, 'test', n=max(a.batch, a.single))
    x, y = test.x(), test.labels
    model = load_classifier(a.classifier) if a.classifier else MnistCNN().eval()
    cfg = FidoConfig(steps=a.steps, samples=a.samples, amp=not a.no_amp)
    print(f'{a.variant}: {a.steps} steps, {a.samples} samples, bf16 {cfg.amp}; batched {a.batch} images in one call, '
          f'sequential {a.single} calls of one image', flush=True)
    for name in a.infill:
        fill = make_infiller(name, CGN(CGNConfig()).eval(), LearnedInfill(InpaintNet()), dataset_mean(x))
        b_rate, b_s = rate(model, x[:a.batch], y[:a.batch], fill, cfg, a.batch)
        s_rate, s_s = rate(model, x[:a.single], y[:a.single], fill, cfg, 1)
        print(f'{name:9s} batched {b_rate:8.1f} images/min ({b_s:.1f} s for {a.batch}) | one at a time {s_rate:6.1f} images/min '
              f'({s_s:.1f} s for {a.single}) | ratio {b_rate / s_rate:.1f}x', flush=True)
    print_done(dev)


if __name__ == '__main__':
    main()
