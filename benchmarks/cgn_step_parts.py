"""Where one CGN training step's time goes: the step of `CGNTrainer` written out as a plain loop with a clock per part.

Parts: data, generator forward, discriminator forward for the generator's loss, the loss terms, the generator's
backward (through D, whose weights need no gradient here), its Adam step, the discriminator's update (one forward over
real + fake, backward, Adam), the EMA. Steady state: the first --warm iterations are not timed.
Prints ms per iteration per part, images/s and peak memory.
    CGN_DATA=../shared/data python benchmarks/cgn_step_parts.py [--variant colored_mnist] [--iters 300] [--threads 2]
    ... --config paper --opt --perc random --iters 100              # the paper's hyperparameters with our speed options
    ... --config paper --opt --perc random --iters 100 --gen-bf16   # probe: the generator under bf16 autocast as well
    ... --bs 32                                                     # another batch size (images/s is the figure to compare)
    ... --ndf 16                                                    # another discriminator width
    ... --profile                                                   # also print torch.profiler's top operators over the timed steps
    ... --compile                                                   # probe: G and D forwards through torch.compile (inductor; compile time not counted)
    python benchmarks/cgn_step_parts.py --smoke                     # 3 timed steps after 1, on 200 images
"""
import copy, time, warnings
from dataclasses import replace
from collections import defaultdict
import torch
from _common import parser, start, print_done
from cgn_nb.core import set_seed, bf16_autocast
from cgn_nb.data import make_variant
from cgn_nb.training import fast_config, paper_config, CGNGANLoss, make_generator, ema_update


def main(argv=None):
    p = parser(__doc__)
    p.add_argument('--variant', default='colored_mnist'); p.add_argument('--config', default='fast', choices=['fast', 'paper'])
    p.add_argument('--iters', type=int, default=300); p.add_argument('--warm', type=int, default=60)
    p.add_argument('--opt', action='store_true', help='with bf16 VGG and channels-last (the `paper_opt` setting of bench_cgn_train.py)')
    p.add_argument('--gen-bf16', action='store_true', help='probe: the generator forward under bfloat16 autocast too (its backward follows); not a config option')
    p.add_argument('--perc', default=None, help="perceptual backbone, e.g. 'random' (a random VGG16 costs what the ImageNet one does)")
    p.add_argument('--bs', type=int, default=None, help="override the config's batch size")
    p.add_argument('--ndf', type=int, default=None, help="override the config's discriminator width")
    p.add_argument('--profile', action='store_true', help="print torch.profiler's 15 most expensive operators (self CPU time) over the timed steps")
    p.add_argument('--compile', action='store_true', help='probe: compile the generator and discriminator forwards with torch.compile (warm-up steps absorb the compiling)')
    a = p.parse_args(argv)
    if a.smoke: a.iters, a.warm = 3, 1
    warnings.filterwarnings('ignore')
    start(a, 'cpu')
    ds = make_variant(a.variant, n=200 if a.smoke else 4000)
    cfg = (fast_config if a.config == 'fast' else paper_config)(a.variant)
    if a.opt: cfg = replace(cfg, bf16=True, channels_last=True)
    if a.perc: cfg = replace(cfg, perc_backbone=a.perc)
    if a.bs: cfg = replace(cfg, bs=a.bs)
    if a.ndf: cfg = replace(cfg, ndf=a.ndf)
    set_seed(0)
    g = make_generator(cfg)
    if cfg.channels_last: g.to(memory_format=torch.channels_last)
    lf = CGNGANLoss(cfg); ema = copy.deepcopy(g).requires_grad_(False)
    if a.compile: g.forward, lf.disc.forward = torch.compile(g.forward), torch.compile(lf.disc.forward)
    opt = torch.optim.Adam(g.parameters(), cfg.lr, betas=cfg.betas, fused=True)
    T = defaultdict(float)
    def tick(k, t0): T[k] += time.perf_counter() - t0; return time.perf_counter()
    for it in range(a.warm + a.iters):
        if it == a.warm:
            T.clear(); t_all = time.perf_counter()
            if a.profile: prof = torch.profiler.profile(); prof.__enter__()
        t = time.perf_counter()
        idx = torch.randint(0, len(ds), (cfg.bs,)); xr, yr = ds.x(idx), ds.labels[idx]
        yg = torch.randint(0, cfg.cgn.n_classes, (cfg.bs,)); t = tick('data', t)
        lf.perc_now = it % cfg.perc_every == 0; lf.disc.requires_grad_(False)           # as CGNTrainer.before_batch
        with bf16_autocast('cpu', a.gen_bf16): out = g(yg)
        if a.gen_bf16: out = type(out)(*(o.float() for o in out))                    # a float32 D takes float32 images
        t = tick('G forward', t)
        dp = lf.disc(out.x, yg); t = tick('D forward (for G)', t)
        loss = lf.g_loss(out, dp, xr, lf.perc_now); t = tick('loss terms', t)
        opt.zero_grad(); loss.backward(); t = tick('G backward (through D)', t)
        opt.step(); t = tick('G Adam', t)
        lf.disc.requires_grad_(True); lf.d_step(out.x, yg, xr, yr); t = tick('D update', t)
        if cfg.ema: ema_update(ema, g, cfg.ema); t = tick('EMA', t)
    total = time.perf_counter() - t_all
    if a.profile: prof.__exit__(None, None, None); print(prof.key_averages().table(sort_by='self_cpu_time_total', row_limit=15))
    print(f'{a.variant} {a.config}_config (D {cfg.disc} ndf {cfg.ndf}, one-pass D update {lf.joint}, compiled {a.compile}, '
          f'bf16 {cfg.bf16}, generator bf16 {a.gen_bf16}, perceptual {lf.backbone}), batch {cfg.bs}, {a.iters} timed steps')
    for k, v in T.items(): print(f'  {k:24s} {v / a.iters * 1e3:6.2f} ms  ({100 * v / total:4.1f} %)')
    print(f'  {"total":24s} {total / a.iters * 1e3:6.2f} ms per iteration, {a.iters * cfg.bs / total:.0f} images/s')
    print_done('cpu')


if __name__ == '__main__': main()
