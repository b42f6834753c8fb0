"""Cost of one ImageNet CGN training pass at full size, on whatever device is present.

The model is the paper's: BigGAN-deep-256 (four copies: frozen G_gt and the three heads), the full U^2-Net (44 M
parameters) and VGG16 for the two Gram losses; all at random weights (the cost is the same as with the published
ones). One *pass* is what the original does 4000 times per optimizer step: forward of the three heads and G_gt,
U^2-Net on the pre-mask and on the background, all six losses, backward. The Adam step (once per 4000 passes in the
original) is timed separately. On a GPU the pass runs as `imagenet_cgn_learner` runs it: bf16 autocast of the model
and of VGG16 (when supported) and channels-last memory.

Prints the build time, s/pass (mean and min over --iters after --warmup), images/s, the Adam step time, and peak
memory (process RSS on CPU, the CUDA allocator's peak on GPU).
    python benchmarks/bench_imagenet_cgn.py [--batch 1] [--iters 2] [--warmup 1] [--device cpu|cuda] [--threads N] [--u2net full|small]
    python benchmarks/bench_imagenet_cgn.py --smoke    # a tiny random BigGAN (32x32) and tiny U^2-Net, one timed pass
"""
import time, warnings
from contextlib import nullcontext
import torch
from _common import parser, start, print_done
from cgn_nb.biggan import biggan_deep_config, tiny_biggan_config, random_biggan, truncated_noise, class_vectors, n_params
from cgn_nb.u2net import U2NetConfig, load_u2net
from cgn_nb.imagenet import ImageNetCGN, ImageNetCGNConfig, ImageNetCGNLoss


def main(argv=None):
    p = parser(__doc__)
    p.add_argument('--batch', type=int, default=1, help='images per pass (the original uses 1)')
    p.add_argument('--iters', type=int, default=2, help='timed passes')
    p.add_argument('--warmup', type=int, default=1, help='untimed passes first')
    p.add_argument('--device', default=None, help="'cpu', 'cuda', ... (default: the best present)")
    p.add_argument('--u2net', default='full', choices=['full', 'small'], help='U^2-Net size')
    a = p.parse_args(argv)
    if a.smoke: a.iters, a.warmup = 1, 1
    warnings.filterwarnings('ignore')
    dev = start(a, a.device)
    t0 = time.perf_counter()
    # random weights: a short power iteration and a 2-image calibration are enough to keep activations finite
    bcfg = tiny_biggan_config() if a.smoke else biggan_deep_config(256)
    biggan = random_biggan(bcfg, seed=0, calibrate=2, power_iters=2 if a.smoke else 20)
    u2net = load_u2net(None, U2NetConfig.tiny() if a.smoke else getattr(U2NetConfig, a.u2net)(), seed=0)
    cfg = ImageNetCGNConfig(perc_backbone='random')
    cgn = ImageNetCGN(cfg, biggan=biggan, u2net=u2net).to(dev).train()
    amp = dev.type == 'cuda' and torch.cuda.is_bf16_supported()
    loss_fn = ImageNetCGNLoss(cfg.weights, backbone='random', bf16=amp).to(dev)
    if dev.type == 'cuda': cgn = cgn.to(memory_format=torch.channels_last)
    heads = [cgn.f_shape, cgn.f_text, cgn.f_bg]
    opt = torch.optim.Adam([{'params': h.parameters(), 'lr': lr} for h, lr in zip(heads, cfg.lrs)])
    name = 'a tiny random BigGAN' if a.smoke else 'BigGAN-deep-256'
    print(f'built in {time.perf_counter() - t0:.1f} s: {name} {n_params(biggan)/1e6:.2f} M x 4, U^2-Net '
          f'({"tiny" if a.smoke else a.u2net}) {n_params(u2net)/1e6:.2f} M, VGG16 x 2; trainable '
          f'{sum(n_params(h) for h in heads)/1e6:.2f} M; bf16 autocast: {amp}', flush=True)

    g = torch.Generator().manual_seed(0)
    def one_pass():
        u = truncated_noise(a.batch, bcfg.z_dim, cfg.truncation, seed=g, device=dev)
        y = class_vectors(torch.randint(bcfg.num_classes, (a.batch,), generator=g), bcfg.num_classes, device=dev)
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
    if not a.smoke: print(f'=> the original schedule (300 steps x 4000 passes at batch 1) would take about '
          f'{300 * 4000 * mean / a.batch / 3600:.0f} h here')
    print_done(dev)


if __name__ == '__main__': main()
