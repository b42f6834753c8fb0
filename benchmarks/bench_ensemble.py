"""Time one training step of the full-size invariant ensemble (ResNet-50 + 3 heads, random weights) and the
Inception v3 forward pass used for the Inception Score, on whatever device is present.

One step = one forward pass over `bs` real + `bs` counterfactual images (224x224), the ensemble loss, backward, SGD;
BatchNorm layers stay in eval mode, as `BNEvalCB` keeps them. Prints s/step, images/s and peak memory.
    python benchmarks/bench_ensemble.py [--bs 8] [--steps 3] [--device cpu|cuda] [--arch resnet50] [--threads N]
    python benchmarks/bench_ensemble.py --smoke     # ResNet-18 at 64x64, 1 + 1 images, one step; Inception v3 on 2 images
"""
import torch
from _common import parser, start, print_done
from cgn_nb.core import Timer, set_seed
from cgn_nb.ensemble import EnsembleConfig, InvariantEnsemble, EnsembleLoss
from cgn_nb.evaluation import load_inception, class_probs


def main(argv=None):
    p = parser(__doc__)
    p.add_argument('--bs', type=int, default=8, help='real images per step (as many counterfactual ones are added)')
    p.add_argument('--steps', type=int, default=3); p.add_argument('--device', default=None)
    p.add_argument('--arch', default='resnet50'); p.add_argument('--size', type=int, default=224, help='image side')
    p.add_argument('--is-images', type=int, default=16, help='images for the Inception v3 timing (0 skips it)')
    a = p.parse_args(argv)
    if a.smoke: a.bs, a.steps, a.arch, a.size, a.is_images = 1, 1, 'resnet18', 64, 2
    dev = start(a, a.device); set_seed(0)
    cfg = EnsembleConfig(arch=a.arch, weights=None, bs=a.bs)
    model = InvariantEnsemble.from_config(cfg).to(dev).train()
    for m in model.modules():
        if isinstance(m, torch.nn.modules.batchnorm._BatchNorm): m.eval()   # as BNEvalCB does
    opt = torch.optim.SGD(model.parameters(), lr=cfg.lr, momentum=cfg.momentum, weight_decay=cfg.wd)
    lf = EnsembleLoss()
    x = torch.randn(2 * a.bs, 3, a.size, a.size, device=dev)
    ys = [torch.randint(1000, (a.bs,), device=dev) for _ in range(4)]
    def step():
        loss = lf(model(x), *ys); loss.backward(); opt.step(); opt.zero_grad()
        if dev.type == 'cuda': torch.cuda.synchronize(dev)
    step()  # warm-up
    with Timer() as t:
        for _ in range(a.steps): step()
    s = t.seconds / a.steps
    print(f'{a.arch} ensemble train step, {a.bs} real + {a.bs} CF images at {a.size}: {s:.2f} s/step, '
          f'{2 * a.bs / s:.1f} images/s', flush=True)
    if a.is_images:
        inc = load_inception(None).to(dev)
        ims = torch.rand(a.is_images, 3, 256, 256) * 2 - 1
        class_probs(inc, ims[:2], bs=2, device=dev)  # warm-up
        with Timer() as t: class_probs(inc, ims, bs=min(50, a.is_images), device=dev)
        print(f'Inception v3 class probabilities (resize to 299): {a.is_images / t.seconds:.1f} images/s', flush=True)
    print_done(dev)


if __name__ == '__main__': main()
