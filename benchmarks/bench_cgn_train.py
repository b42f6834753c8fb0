"""Training speed of the MNIST CGN on this machine: the original's recipe as the original code runs it, vs ours.

Prints, per setting: s/iter, images/s (wall), CPU ms per image (process CPU time, all threads: the cost that remains
when the machine is shared), peak memory, device, threads and the load average. Settings:

  orig        an emulation of the original implementation's iteration (its `train_cgn.py`): full VGG16 `features`
              run to the end with hooks, float32, both perceptual forwards; a per-image tile-and-crop shuffler;
              the generator's backward also computes discriminator gradients; upsampling and convolution as
              separate layers; plain PyTorch loop, batch 16
  paper       cgn_nb's `paper_config('colored_mnist')` through the fastai Learner (float32)
  paper_opt   the same hyperparameters with our speed options: bf16 VGG and channels-last
  fast        `fast_config('colored_mnist')`
  fast_auto   the same with perc_backbone='auto' as `cgn_train` runs it: without ImageNet weights, no perceptual term

The perceptual backbone is a fixed random VGG16 for all settings but fast_auto (no ImageNet weights here; a random
VGG costs the same as the ImageNet one).
Usage:
    CGN_DATA=../shared/data python benchmarks/bench_cgn_train.py [--settings orig paper paper_opt fast fast_auto] [--iters 30] [--threads 2]
    python benchmarks/bench_cgn_train.py --smoke     # every setting, 1 timed iteration after 1 warm-up, on 200 images
"""
import os, tempfile, time, warnings
from dataclasses import replace
import torch
from _common import parser, start, print_done
from fastai.callback.core import Callback
from cgn_nb.core import set_seed, peak_memory_mb
from cgn_nb.data import make_variant
from cgn_nb.mechanisms import CGN, compose
from cgn_nb.losses import vgg16_features, gram, lsgan_d_loss, lsgan_g_loss, binary_entropy_loss
from cgn_nb.training import paper_config, fast_config, train_cgn, DiscLin

warnings.filterwarnings('ignore')


def orig_shuffle(x):
    "The original's shuffler, per image: tile 2x2, random crop."
    h, w = x.shape[-2:]
    out = []
    for im in x:
        big = im.repeat(1, 2, 2)
        oy, ox = torch.randint(0, h + 1, (2,)).tolist()
        out.append(big[:, oy:oy + h, ox:ox + w])
    return torch.stack(out)


def orig_iters(ds, n_iters, warm):
    "Time `n_iters` iterations of the original-style loop after `warm` warm-up iterations."
    cfg = paper_config('colored_mnist')
    g, d = CGN(replace(cfg.cgn, shuffle=False)), DiscLin()
    for m in (g.f_shape, g.f_text, g.f_bg): m.fuse_upsample = False   # upsample, then conv: as the original computes it
    vgg, _ = vgg16_features('random', 31)                       # whole `features`, as the original runs it
    stored = {}
    for i in (3, 8, 15, 22): vgg[i].register_forward_hook(lambda m, inp, out, i=i: stored.__setitem__(i, out))
    wts = dict(zip((3, 8, 15, 22), cfg.loss.lambda_perc))
    def feats(x, clone=False):
        vgg(x); return {i: (v.clone() if clone else v) for i, v in stored.items()}
    opt_g = torch.optim.Adam(g.parameters(), 2e-4, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(d.parameters(), 2e-4, betas=(0.5, 0.999))
    t = {}
    for it in range(warm + n_iters):
        if it == warm: t['w'], t['c'] = time.perf_counter(), time.process_time()
        idx = torch.randint(0, len(ds), (16,))
        x_real, y_real = ds.x(idx), ds.labels[idx]
        y_gen = torch.randint(0, 10, (16,))
        opt_g.zero_grad()
        u = g.sample_noise(16)
        z = lambda y: torch.cat([u, g.emb(y)], 1)
        mask = g.f_shape(z(y_gen)).repeat(1, 3, 1, 1)
        fg, bg = orig_shuffle(g.f_text(z(y_gen))), orig_shuffle(g.f_bg(z(y_gen)))
        x_gen = compose(mask, fg, bg)
        ft, fi = feats(x_real, clone=True), feats(x_gen)
        perc = sum(5000 * wts[i] ** 2 * (gram(fi[i]) - gram(ft[i])).abs().mean() for i in wts)
        loss = lsgan_g_loss(d(x_gen, y_gen)) + cfg.loss.lambda_mask * binary_entropy_loss(mask) + perc
        loss.backward(); opt_g.step()
        opt_d.zero_grad()
        lsgan_d_loss(d(x_real, y_real), d(x_gen.detach(), y_gen)).backward(); opt_d.step()
    return time.perf_counter() - t['w'], time.process_time() - t['c']


class TimeCB(Callback):
    "Start the clocks after `warm` steps."
    def __init__(self, warm): self.warm, self.t = warm, {}
    def after_batch(self):
        if self.learn.step == self.warm: self.t['w'], self.t['c'] = time.perf_counter(), time.process_time()


def ours(ds, cfg, n_iters, warm, out):
    cb = TimeCB(warm)
    cfg = replace(cfg, iters=warm + n_iters, save_every=10**9, sample_every=10**9)
    learn = train_cgn(cfg, out, resume=False, data=ds, cbs=[cb])
    return time.perf_counter() - cb.t['w'], time.process_time() - cb.t['c'], learn.loss_func.backbone, cfg.bs


def main(argv=None):
    p = parser(__doc__)
    p.add_argument('--settings', nargs='+', default=['orig', 'paper', 'paper_opt', 'fast', 'fast_auto'])
    p.add_argument('--iters', type=int, default=30); p.add_argument('--warmup', type=int, default=3)
    p.add_argument('--out', default=None, help='folder for the runs (default: a temporary one)')
    a = p.parse_args(argv)
    if a.smoke: a.iters, a.warmup = 1, 1
    start(a, 'cpu')
    print(f'load average at start {os.getloadavg()}')
    ds = make_variant('colored_mnist', n=200 if a.smoke else 4000)
    with tempfile.TemporaryDirectory() as tmp:
        for s in a.settings:
            set_seed(0)
            if s == 'orig': (w, c), bs, bb = orig_iters(ds, a.iters, a.warmup), 16, 'random (full VGG16 features)'
            else:
                cfg = {'paper': paper_config('colored_mnist'),
                       'paper_opt': replace(paper_config('colored_mnist'), bf16=True, channels_last=True),
                       'fast': fast_config('colored_mnist'), 'fast_auto': fast_config('colored_mnist')}[s]
                if s != 'fast_auto': cfg = replace(cfg, perc_backbone='random')
                if a.smoke: cfg = replace(cfg, ema=0.)                     # a 3-step run cannot average weights
                w, c, bb, bs = ours(ds, cfg, a.iters, a.warmup, f'{a.out or tmp}/{s}')
            n = a.iters * bs
            print(f'{s:10s} bs {bs:3d}: {w / a.iters:.3f} s/iter, {n / w:6.1f} images/s, CPU {c / n * 1e3:5.2f} ms/image, '
                  f'wall {w:.1f} s for {a.iters} iters, peak mem {peak_memory_mb():.0f} MiB, backbone {bb}, '
                  f'load {os.getloadavg()[0]:.2f}', flush=True)
    print_done('cpu')


if __name__ == '__main__': main()
