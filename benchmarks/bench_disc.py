"""Time one discriminator update of `DiscConvProj` (colored MNIST's, ndf 32) in float32 / bfloat16, NCHW / channels-last.

The float32 discriminator is what keeps colored-MNIST runs on two threads from collapsing (04_training), and it costs
speed. This prints ms per D update (forward + backward on 16 real + 16 fake images, what `CGNTrainer` does per step)
for each setting, and then, because a layout that wins in isolation can lose inside the training step, ms per
iteration of `fast_config('colored_mnist')` (float32 D, as trained) with D in NCHW and in channels-last memory.

    CGN_DATA=../shared/data python benchmarks/bench_disc.py [--threads 2] [--bs 16] [--reps 200] [--train-iters 300]
    python benchmarks/bench_disc.py --train-iters 0 --pools sum flatten   # the summed head against the position-aware one
"""
import argparse, tempfile, time, warnings
from dataclasses import replace
import torch
import cgn_nb.training as T
from cgn_nb.core import set_threads, peak_memory_mb
from cgn_nb.data import make_variant
from cgn_nb.training import DiscConvProj

p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
p.add_argument('--threads', type=int, default=2); p.add_argument('--bs', type=int, default=16); p.add_argument('--reps', type=int, default=200)
p.add_argument('--train-iters', type=int, default=300, help='training iterations per layout (0: skip)')
p.add_argument('--pools', nargs='+', default=['sum'], choices=('sum', 'flatten'), help="DiscConvProj heads to time ('flatten': position-aware)")
a = p.parse_args()
set_threads(a.threads); torch.manual_seed(0)
x, y = torch.rand(2 * a.bs, 3, 32, 32) * 2 - 1, torch.randint(0, 10, (2 * a.bs,))
print(f'threads {a.threads}, batch {a.bs} real + {a.bs} fake, {a.reps} updates each')
for pool, bf16, cl in ((pool, bf16, cl) for pool in a.pools for bf16 in (False, True) for cl in (False, True)):
    d = DiscConvProj(10, 32, bf16, pool)
    fmt = torch.channels_last if cl else torch.contiguous_format
    d = d.to(memory_format=fmt); xi = x.contiguous(memory_format=fmt)
    opt = torch.optim.Adam(d.parameters(), 2e-4, betas=(0.5, 0.999), fused=True)
    def step():
        opt.zero_grad(set_to_none=True); d(xi, y).square().mean().backward(); opt.step()
    for _ in range(20): step()
    t = time.perf_counter()
    for _ in range(a.reps): step()
    ms = 1000 * (time.perf_counter() - t) / a.reps
    print(f"{pool:7s} {'bfloat16' if bf16 else 'float32 '} {'channels-last' if cl else 'NCHW         '}: {ms:6.2f} ms per D update, {2 * a.bs / ms * 1000:7.0f} images/s")
if a.train_iters:
    warnings.filterwarnings('ignore')
    cfg = replace(T.fast_config('colored_mnist'), iters=a.train_iters, ema=0., save_every=10**9, sample_every=10**9)
    ds, make_d = make_variant('colored_mnist', 'train', 0), T.make_discriminator
    for cl in (False, True, False):      # NCHW twice: the first training run of a process also pays warm-up
        T.make_discriminator = (lambda c: make_d(c).to(memory_format=torch.channels_last)) if cl else make_d
        m = T.train_cgn(cfg, tempfile.mkdtemp(), resume=False, data=ds, threads=a.threads).metrics_summary
        print(f"training, D {'channels-last' if cl else 'NCHW         '}: {1000 * m['s_per_iter']:6.1f} ms per iteration "
              f"({a.train_iters} iterations of fast_config('colored_mnist'), bf16={cfg.bf16})")
    T.make_discriminator = make_d
print(f'peak memory {peak_memory_mb():.0f} MB, device cpu')
