"""Cost of one ImageNet CGN training pass at FULL size, on whatever device is present.

The model is the paper's: BigGAN-deep-256 (four copies: frozen G_gt and the three heads), the full U^2-Net (44 M
parameters) and VGG16 for the two Gram losses; all at random weights (none can be downloaded here; the cost is the
same). One *pass* is what the original does 4000 times per optimizer step: forward of the three heads and G_gt,
U^2-Net on the pre-mask and on the background, all six losses, backward. The Adam step (once per 4000 passes in
the original) is timed separately. On a GPU the pass runs as `imagenet_cgn_learner` runs it: bf16 autocast of the model
and of VGG16 (when supported) and channels-last memory.

Prints: device, threads, load average, build time, s/pass (mean and min over --iters after --warmup), images/s,
the Adam step time, and peak memory (process RSS on CPU, the CUDA allocator's peak on GPU).

Usage:
    python benchmarks/bench_imagenet_cgn.py [--batch 1] [--iters 2] [--warmup 1] [--device cpu|cuda] [--threads N]
                                            [--u2net full|small]
"""
import argparse, os, platform, time, warnings
from contextlib import nullcontext
import torch

from cgn_nb.core import get_device, peak_memory_mb, set_threads
from cgn_nb.biggan import biggan_deep_config, random_biggan, truncated_noise, class_vectors, n_params
from cgn_nb.u2net import U2NetConfig, load_u2net
from cgn_nb.imagenet import ImageNetCGN, ImageNetCGNConfig, ImageNetCGNLoss

warnings.filterwarnings('ignore')


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--batch', type=int, default=1, help='images per pass (the original uses 1)')
    ap.add_argument('--iters', type=int, default=2, help='timed passes')
    ap.add_argument('--warmup', type=int, default=1, help='untimed passes first')
    ap.add_argument('--device', default=None, help="'cpu', 'cuda', ... (default: the best present)")
    ap.add_argument('--threads', type=int, default=None, help='CPU threads (default: all cores)')
    ap.add_argument('--u2net', default='full', choices=['full', 'small'], help='U^2-Net size')
    a = ap.parse_args()

    dev = get_device(a.device)
    threads = set_threads(a.threads)
    print(f'device {dev} ({torch.cuda.get_device_name(dev) if dev.type == "cuda" else platform.processor() or platform.machine()}), '
          f'threads {threads}, torch {torch.__version__}, load average {os.getloadavg()}')

    t0 = time.perf_counter()
    # random weights: a short power iteration and a 2-image calibration are enough to keep activations finite
    biggan = random_biggan(biggan_deep_config(256), seed=0, calibrate=2, power_iters=20)
    u2net = load_u2net(None, getattr(U2NetConfig, a.u2net)(), seed=0)
    cfg = ImageNetCGNConfig(perc_backbone='random')
    cgn = ImageNetCGN(cfg, biggan=biggan, u2net=u2net).to(dev).train()
    amp = dev.type == 'cuda' and torch.cuda.is_bf16_supported()
    loss_fn = ImageNetCGNLoss(cfg.weights, backbone='random', bf16=amp).to(dev)
    if dev.type == 'cuda': cgn = cgn.to(memory_format=torch.channels_last)
    heads = [cgn.f_shape, cgn.f_text, cgn.f_bg]
    opt = torch.optim.Adam([{'params': h.parameters(), 'lr': lr} for h, lr in zip(heads, cfg.lrs)])
    build = time.perf_counter() - t0
    print(f'built in {build:.1f} s: BigGAN-deep-256 {n_params(biggan)/1e6:.1f} M x 4, U^2-Net ({a.u2net}) '
          f'{n_params(u2net)/1e6:.1f} M, VGG16 x 2; trainable {sum(n_params(h) for h in heads)/1e6:.1f} M; bf16 autocast: {amp}')

    g = torch.Generator().manual_seed(0)
    def one_pass():
        u = truncated_noise(a.batch, 128, cfg.truncation, seed=g, device=dev)
        y = class_vectors(torch.randint(1000, (a.batch,), generator=g), 1000, device=dev)
        with torch.autocast(dev.type, dtype=torch.bfloat16) if amp else nullcontext():
            out = cgn(u, y)
        out = type(out)(*(t if t is None else t.float() for t in out))  # as AutocastCB: losses on float32
        loss = loss_fn(out)
        loss.backward()
        return float(loss.detach())

    def sync():
        if dev.type == 'cuda': torch.cuda.synchronize(dev)

    if dev.type == 'cuda': torch.cuda.reset_peak_memory_stats(dev)
    for _ in range(a.warmup): one_pass()
    sync()
    times = []
    for _ in range(a.iters):
        t = time.perf_counter(); one_pass(); sync(); times.append(time.perf_counter() - t)
    t = time.perf_counter(); opt.step(); opt.zero_grad(); sync(); step = time.perf_counter() - t
    mean = sum(times) / len(times)
    print(f'batch {a.batch}: {mean:.2f} s/pass (min {min(times):.2f}) over {a.iters} passes after {a.warmup} warm-up; '
          f'{a.batch / mean:.2f} images/s; Adam step {step:.2f} s; last loss terms {loss_fn.last}')
    print(f'peak memory {peak_memory_mb(dev) / 1024:.2f} GiB ({"CUDA allocator" if dev.type == "cuda" else "process RSS"}); '
          f'load average after {os.getloadavg()}')
    print(f'=> the original schedule (300 steps x 4000 passes at batch 1) would take about '
          f'{300 * 4000 * mean / a.batch / 3600:.0f} h here')


if __name__ == '__main__':
    main()
