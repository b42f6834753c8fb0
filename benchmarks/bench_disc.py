"""Time one discriminator update of `DiscConvProj` (colored MNIST's, ndf 32) in float32 / bfloat16, NCHW / channels-last.

Colored MNIST's fast recipe keeps this discriminator in float32 (04_training), and that costs speed. This prints ms per
D update (forward + backward on `bs` real + `bs` fake images, what `CGNTrainer` does per step) for each setting, and
then, because a layout that wins in isolation can lose inside the training step, ms per iteration of
`fast_config('colored_mnist')` (float32 D, as trained) with D in NCHW and in channels-last memory.
    CGN_DATA=../shared/data python benchmarks/bench_disc.py [--threads 2] [--bs 16] [--reps 200] [--train-iters 300]
    python benchmarks/bench_disc.py --smoke        # 3 updates per setting, 3 training iterations per layout
"""
import tempfile, time, warnings
from dataclasses import replace
import torch
import cgn_nb.training as T
from _common import parser, start, print_done
from cgn_nb.data import make_variant
from cgn_nb.training import DiscConvProj


def main(argv=None):
    p = parser(__doc__, threads=2)
    p.add_argument('--bs', type=int, default=16); p.add_argument('--reps', type=int, default=200)
    p.add_argument('--train-iters', type=int, default=300, help='training iterations per layout (0: skip)')
    a = p.parse_args(argv)
    if a.smoke: a.reps, a.train_iters = 3, 3
    start(a, 'cpu'); torch.manual_seed(0)
    x, y = torch.rand(2 * a.bs, 3, 32, 32) * 2 - 1, torch.randint(0, 10, (2 * a.bs,))
    print(f'batch {a.bs} real + {a.bs} fake, {a.reps} updates each')
    for bf16, cl in ((bf16, cl) for bf16 in (False, True) for cl in (False, True)):
        fmt = torch.channels_last if cl else torch.contiguous_format
        d = DiscConvProj(10, 32, bf16=bf16).to(memory_format=fmt); xi = x.contiguous(memory_format=fmt)
        opt = torch.optim.Adam(d.parameters(), 2e-4, betas=(0.5, 0.999), fused=True)
        def step():
            opt.zero_grad(set_to_none=True); d(xi, y).square().mean().backward(); opt.step()
        for _ in range(2 if a.smoke else 20): step()
        t = time.perf_counter()
        for _ in range(a.reps): step()
        ms = 1000 * (time.perf_counter() - t) / a.reps
        print(f"{'bfloat16' if bf16 else 'float32 '} {'channels-last' if cl else 'NCHW         '}: {ms:6.2f} ms per D update, "
              f"{2 * a.bs / ms * 1000:7.0f} images/s", flush=True)
    if a.train_iters:
        warnings.filterwarnings('ignore')
        cfg = replace(T.fast_config('colored_mnist'), iters=a.train_iters, ema=0., save_every=10**9, sample_every=10**9)
        ds, make_d = make_variant('colored_mnist', 'train', 0, n=200 if a.smoke else None), T.make_discriminator
        try:
            for cl in (False, True, False):      # NCHW twice: the first training run of a process also pays warm-up
                T.make_discriminator = (lambda c: make_d(c).to(memory_format=torch.channels_last)) if cl else make_d
                with tempfile.TemporaryDirectory() as out:
                    m = T.train_cgn(cfg, out, resume=False, data=ds).metrics_summary
                print(f"training, D {'channels-last' if cl else 'NCHW         '}: {1000 * m['s_per_iter']:6.1f} ms per iteration "
                      f"({a.train_iters} iterations of fast_config('colored_mnist'), bf16={cfg.bf16})", flush=True)
        finally: T.make_discriminator = make_d
    print_done('cpu')


if __name__ == '__main__': main()
