"""The GPU figures in one short run, for a CUDA machine: what `speed.ipynb` reports for a GPU.

1. The full-size ImageNet CGN (BigGAN-deep-256 x 4 and U^2-Net at random weights, random VGG16): training passes per
   second and peak memory at the original's batch (1 image per pass), in float32 and with bfloat16 autocast, through
   `imagenet_cgn_learner` (the training loop itself, gradient accumulation included, no optimizer step). It then
   projects the original schedule (300 steps x 4000 passes at batch 1; the paper reports about 12 h on one GTX 1080 Ti).
2. The invariant ensemble: images/s of a ResNet-50 training step (SGD, BatchNorm in eval mode) at 256 + 256 images.
3. The MNIST counterfactual sampler (`counterfactual_dataset`, fused + bf16 + channels-last) against the plain float32
   path, images/s for the paper's 100k images.
The tiny test suite with the GPU cells is one more command (`--suite` runs it here and reports its summary line):
    python benchmarks/gpu_check.py [--out gpu_check.json] [--suite]
    CGN_TEST_FLAGS=cuda python -m pytest -q -n 2 tests
    python benchmarks/gpu_check.py --smoke     # seconds, also on a CPU: tiny sizes, the numbers mean nothing
"""
import json, os, subprocess, sys, time, warnings
from contextlib import nullcontext
from pathlib import Path
import torch
from _common import parser, start, print_done, hardware_line
from fastai.callback.core import Callback
from cgn_nb.core import Timer, set_seed, peak_memory_mb
from cgn_nb.biggan import biggan_deep_config, tiny_biggan_config, random_biggan
from cgn_nb.u2net import U2NetConfig, load_u2net
from cgn_nb.imagenet import ImageNetCGN, ImageNetCGNConfig, imagenet_cgn_learner, noise_dls
from cgn_nb.ensemble import EnsembleConfig, InvariantEnsemble, EnsembleLoss
from cgn_nb.mechanisms import CGN, CGNConfig
from cgn_nb.counterfactuals import counterfactual_dataset


def sync(dev):
    if dev.type == 'cuda': torch.cuda.synchronize(dev)


def reset_peak(dev):
    if dev.type == 'cuda': torch.cuda.empty_cache(); torch.cuda.reset_peak_memory_stats(dev)


class PassClock(Callback):
    "Wall time of every training pass (forward, losses, backward), synchronised on a GPU."
    order, run_valid = 100, False
    def before_fit(self): self.times = []
    def before_batch(self): sync(self.learn.dls.device); self.t0 = time.perf_counter()
    def after_batch(self): sync(self.learn.dls.device); self.times.append(time.perf_counter() - self.t0)


def cgn_passes(dev, smoke: bool, batch: int, passes: int, warmup: int) -> dict:
    "s/pass and peak memory of the ImageNet CGN's training loop, float32 and bf16 autocast."
    bcfg = tiny_biggan_config() if smoke else biggan_deep_config(256)
    t0 = time.perf_counter()
    biggan = random_biggan(bcfg, seed=0, calibrate=2, power_iters=2 if smoke else 20)
    u2net = load_u2net(None, U2NetConfig.tiny() if smoke else U2NetConfig(), seed=0)
    cfg = ImageNetCGNConfig(biggan=bcfg, u2net=None, perc_backbone='random', batch_size=batch, batch_acc=10**9)
    cgn = ImageNetCGN(cfg, biggan=biggan, u2net=u2net)
    print(f'ImageNet CGN built in {time.perf_counter() - t0:.0f} s ({"tiny" if smoke else "BigGAN-deep-256 x 4, U^2-Net"})', flush=True)
    res = {}
    for name, amp in (('fp32', False), ('bf16', True)):
        if amp and dev.type == 'cuda' and not torch.cuda.is_bf16_supported(): continue
        reset_peak(dev); clock = PassClock()
        learn = imagenet_cgn_learner(cgn, noise_dls(cgn, n_train=(warmup + passes) * batch, bs=batch, device=dev),
                                     sheet_every=None, mixed_precision=amp, cbs=[clock])
        with learn.no_bar(), learn.no_logging(): learn.fit(1)
        s = sum(clock.times[warmup:]) / passes
        res[name] = {'s_per_pass': s, 'images_per_s': batch / s, 'peak_mib': peak_memory_mb(dev),
                     'original_schedule_h': 300 * 4000 * s / batch / 3600}
        print(f'ImageNet CGN {name}, batch {batch}: {s:.3f} s/pass ({batch / s:.2f} images/s), peak {res[name]["peak_mib"]:.0f} MiB; '
              f'300 steps x 4000 images: {res[name]["original_schedule_h"]:.1f} h (paper: about 12 h on a GTX 1080 Ti)', flush=True)
        del learn; cgn.zero_grad(set_to_none=True)
    return res


def ensemble_steps(dev, smoke: bool, bs: int, steps: int) -> dict:
    "images/s of one ensemble training step (bs real + bs counterfactual), float32 and bf16 autocast."
    arch, size = ('resnet18', 64) if smoke else ('resnet50', 224)
    set_seed(0)
    model = InvariantEnsemble.from_config(EnsembleConfig(arch=arch, weights=None)).to(dev).train()
    if dev.type == 'cuda': model = model.to(memory_format=torch.channels_last)
    for m in model.modules():
        if isinstance(m, torch.nn.modules.batchnorm._BatchNorm): m.eval()           # as BNEvalCB does
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, weight_decay=1e-4)
    x = torch.randn(2 * bs, 3, size, size, device=dev)
    ys = [torch.randint(1000, (bs,), device=dev) for _ in range(4)]
    res = {}
    for name, amp in (('fp32', False), ('bf16', True)):
        reset_peak(dev)
        def step():
            with torch.autocast(dev.type, dtype=torch.bfloat16) if amp else nullcontext(): out = model(x)
            EnsembleLoss()({k: v.float() for k, v in out.items()}, *ys).backward(); opt.step(); opt.zero_grad()
        step(); sync(dev)
        with Timer() as t:
            for _ in range(steps): step()
            sync(dev)
        res[name] = {'images_per_s': 2 * bs * steps / t.seconds, 's_per_step': t.seconds / steps, 'peak_mib': peak_memory_mb(dev)}
        print(f'ensemble {arch} {name}, {bs} + {bs} images at {size}: {res[name]["s_per_step"]:.3f} s/step, '
              f'{res[name]["images_per_s"]:.0f} images/s, peak {res[name]["peak_mib"]:.0f} MiB', flush=True)
    return res


def sampler(dev, smoke: bool) -> dict:
    "images/s of the MNIST counterfactual dataset (100k images), fused + bf16 against plain float32."
    n_shapes, bs = (20, 100) if smoke else (10_000, 2000)
    set_seed(0); cgn = CGN(CGNConfig()).to(dev)
    counterfactual_dataset(cgn, 10, 10)                                                 # warm-up
    res = {}
    for name, fast in (('plain', False), ('fast', True)):
        for m in (cgn.f_shape, cgn.f_text, cgn.f_bg): m.fuse_upsample = fast
        sync(dev)
        with Timer() as t: ds = counterfactual_dataset(cgn, n_shapes, 10, bs=bs, fast=fast)
        sync(dev)
        res[name] = {'images_per_s': len(ds) / t.seconds}
        print(f'MNIST counterfactuals {name}: {len(ds)} images in {t.seconds:.1f} s ({len(ds) / t.seconds:.0f} images/s)', flush=True)
    return res


def suite() -> dict:
    "The tiny test suite with the `cuda` cells, in a subprocess; its summary line and wall time."
    env = {**os.environ, 'CGN_TEST_FLAGS': 'cuda'}
    with Timer() as t:
        r = subprocess.run([sys.executable, '-m', 'pytest', '-q', '-n', '2', 'tests'], cwd=Path(__file__).parents[1],
                           capture_output=True, text=True, env=env)
    line = (r.stdout.strip().splitlines() or [''])[-1]
    print(f'test suite with CGN_TEST_FLAGS=cuda: {line} ({t.seconds:.0f} s)', flush=True)
    return {'summary': line, 'returncode': r.returncode, 'seconds': t.seconds}


def main(argv=None):
    p = parser(__doc__)
    p.add_argument('--device', default=None, help="'cuda', 'cuda:1', 'cpu' (default: the best present)")
    p.add_argument('--cgn-batch', type=int, default=1, help='images per CGN pass (the original: 1)')
    p.add_argument('--cgn-passes', type=int, default=20, help='timed CGN passes per precision (after 3 warm-up passes)')
    p.add_argument('--ens-bs', type=int, default=256, help='real images per ensemble step (as many counterfactual ones)')
    p.add_argument('--ens-steps', type=int, default=5, help='timed ensemble steps per precision (after one warm-up)')
    p.add_argument('--suite', action='store_true', help='also run the tiny test suite with CGN_TEST_FLAGS=cuda')
    p.add_argument('--out', default=None, help='JSON file for every figure and the hardware line')
    a = p.parse_args(argv)
    if a.smoke: a.cgn_passes, a.ens_bs, a.ens_steps = 1, 2, 1
    warnings.filterwarnings('ignore')
    dev = start(a, a.device)
    if dev.type != 'cuda' and not a.smoke: print('no GPU here: these are CPU figures, not the GPU ones', flush=True)
    res = {'hardware': hardware_line(dev), 'device': torch.cuda.get_device_name(dev) if dev.type == 'cuda' else 'cpu',
           'imagenet_cgn': cgn_passes(dev, a.smoke, a.cgn_batch, a.cgn_passes, warmup=1 if a.smoke else 3),
           'ensemble': ensemble_steps(dev, a.smoke, a.ens_bs, a.ens_steps), 'sampler': sampler(dev, a.smoke)}
    if a.suite and not a.smoke: res['suite'] = suite()
    if a.out: Path(a.out).write_text(json.dumps(res, indent=1))
    print_done(dev)


if __name__ == '__main__': main()
