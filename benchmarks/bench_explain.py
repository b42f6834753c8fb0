"""Attribution maps a whole batch at a time against one image at a time, the same library call (15_explain).

For every method of `cgn_nb.explain.METHODS` (Grad-CAM, Grad-CAM++ from grad-cam; Integrated Gradients, Occlusion
from captum), on the paper's MNIST CNN: images/s of `attribute` given --n images in batches of --bs, and of a loop
that calls `attribute` on one image at a time for --single images, measured side by side in one run; the ratio is
the speed-up of batching. A warm-up call per method comes first. The maps of the two ways are compared (they must
agree). The CNN is at random initialisation (speed does not depend on the weights) unless --weights names a
state dict (`load_classifier`); images are the first --n of the double-colored test split.

    CGN_DATA=/work/shared/data python benchmarks/bench_explain.py                 # 1000 batched, 100 one at a time
    python benchmarks/bench_explain.py --methods ig occlusion --n 200 --bs 200 --single 20 --chunk 3200   # pass size
    python benchmarks/bench_explain.py --smoke                                    # seconds
"""
import torch
from _common import parser, start, print_done
from cgn_nb.core import Timer, set_seed
from cgn_nb.data import make_variant
from cgn_nb.classifiers import MnistCNN, load_classifier, predict
import cgn_nb.explain as explain
from cgn_nb.explain import METHODS, attribute, no_digit_baseline

def main(argv=None):
    p = parser(__doc__, threads=1)
    p.add_argument('--n', type=int, default=1000, help='images attributed in batches')
    p.add_argument('--single', type=int, default=100, help='images attributed one at a time')
    p.add_argument('--bs', type=int, default=250, help='images per batched library call')
    p.add_argument('--methods', nargs='+', default=list(METHODS), choices=METHODS)
    p.add_argument('--ig-steps', type=int, default=16, help='Integrated Gradients steps')
    p.add_argument('--weights', default=None, help='a classifier state dict (default: random initialisation)')
    p.add_argument('--chunk', type=int, default=explain.FORWARD_CHUNK,
                   help='images per forward pass inside Integrated Gradients and Occlusion (explain.FORWARD_CHUNK)')
    a = p.parse_args(argv)
    if a.smoke: a.n, a.single, a.bs, a.ig_steps = 24, 4, 12, 2
    dev = start(a)
    explain.FORWARD_CHUNK = a.chunk                                       # read by attribute at every call
    set_seed(0)
    model = (load_classifier(a.weights, device=dev) if a.weights else MnistCNN().to(dev)).eval()
    ds = make_variant('double_colored_mnist', 'test', n=a.n)
    x, base = ds.x(), no_digit_baseline(ds.x(), ds.masks)
    target = predict(model, x)
    print(f'{a.n} images batched (bs {a.bs}), {a.single} one at a time; IG steps {a.ig_steps}, occlusion 4x4 patches, '
          f'at most {a.chunk} images per forward pass')
    print(f"{'method':10s} {'batched img/s':>14s} {'one-at-a-time img/s':>20s} {'ratio':>7s}  max |difference|")
    for m in a.methods:
        kw = dict(target=target, baseline=base, ig_steps=a.ig_steps)
        attribute(model, x[:2], m, target=target[:2], baseline=base, ig_steps=a.ig_steps)        # warm-up
        with Timer() as tb: batched = attribute(model, x, m, bs=a.bs, **kw)
        with Timer() as t1:
            single = torch.cat([attribute(model, x[i:i + 1], m, target=target[i:i + 1], baseline=base, ig_steps=a.ig_steps)
                                for i in range(a.single)])
        rb, r1 = a.n / tb.seconds, a.single / t1.seconds
        diff = (batched[:a.single] - single).abs().max().item() / batched[:a.single].abs().max().clamp_min(1e-12).item()
        print(f'{m:10s} {rb:14.1f} {r1:20.1f} {rb / r1:7.1f}  {diff:.1e} (relative)')
        assert diff < 1e-3, f'{m}: batched and one-at-a-time maps differ ({diff:.2e})'
    print_done(dev)

if __name__ == '__main__': main()
