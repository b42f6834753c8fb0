"""Does the thread count change what one training step of the colored-MNIST recipe computes?

On this machine colored CGNs trained on two threads collapsed classes where one-thread runs were clean (04_training).
This prints, for `fast_config('colored_mnist')` at 1 and 2 intra-op threads:
  1. the relative difference of every gradient of one step (generator + bf16 DiscConvProj), 1 thread vs 2;
  2. DiscConvProj's bf16 gradients against a float32 copy, at 1 and at 2 threads;
  3. five fused-Adam steps, 1 thread vs 2 (relative to the size of the update);
  4. the per-step losses of `--steps` training steps at 1 and at 2 threads, same seed (where the trajectories part).
Usage:
    CGN_DATA=../shared/data python benchmarks/thread_check.py [--steps 100] [--seed 1]
"""
import argparse, copy, tempfile, warnings
from dataclasses import replace
import torch
from cgn_nb.training import fast_config, make_generator, DiscConvProj, train_cgn
from cgn_nb.data import make_variant

warnings.filterwarnings('ignore')
rel = lambda a, b: ((a - b).norm() / b.norm().clamp_min(1e-12)).item()

def grads(g, d, y, threads):
    torch.set_num_threads(threads)
    g, d = copy.deepcopy(g), copy.deepcopy(d)
    out = g(y, generator=torch.Generator().manual_seed(1))
    (d(out.x, y).pow(2).mean() + out.mask.mean()).backward()
    return {n: p.grad.clone() for n, p in [*g.named_parameters(), *(('D.' + n, p) for n, p in d.named_parameters())] if p.grad is not None}

def adam(g, threads):
    torch.set_num_threads(threads)
    gg = copy.deepcopy(g)
    for p, q in zip(gg.parameters(), g.parameters()): p.grad = q.grad.clone()
    opt = torch.optim.Adam(gg.parameters(), lr=2e-4, betas=(0.5, 0.999), fused=True)
    for _ in range(5): opt.step()
    return list(gg.parameters())

def main():
    a = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    a.add_argument('--steps', type=int, default=100); a.add_argument('--seed', type=int, default=1)
    a = a.parse_args()
    torch.manual_seed(0)
    cfg = fast_config('colored_mnist')
    g = make_generator(cfg).to(memory_format=torch.channels_last)
    d = DiscConvProj(ndf=cfg.ndf, bf16=True); d32 = copy.deepcopy(d); d32.bf16 = False
    y = torch.randint(0, 10, (cfg.bs,))
    g1, g2 = grads(g, d, y, 1), grads(g, d, y, 2)
    print('1. one step, 1 vs 2 threads: largest relative gradient difference', f'{max(rel(g2[k], g1[k]) for k in g1):.1e}')
    for t in (1, 2):
        gb, gf = grads(g, d, y, t), grads(g, d32, y, t)
        print(f'2. bf16 D vs float32 D at {t} thread(s): relative gradient error of D, per tensor',
              [f'{rel(gb[k], gf[k]):.3f}' for k in gf if k.startswith('D.')])
    for p in g.parameters(): p.grad = torch.randn_like(p)
    a1, a2 = adam(g, 1), adam(g, 2)
    print('3. five fused-Adam steps, 1 vs 2 threads: largest |diff| / |update|',
          f'{max(((p - q).abs().max() / (q - o).abs().max().clamp_min(1e-12)).item() for p, q, o in zip(a2, a1, g.parameters())):.1e}')
    ds, logs = make_variant('colored_mnist', 'train', a.seed), {}
    for t in (1, 2):
        c = replace(cfg, seed=a.seed, iters=a.steps, save_every=10**9, sample_every=10**9)
        logs[t] = train_cgn(c, tempfile.mkdtemp(), data=ds, threads=t).loss_log
    print(f'4. per-step losses, seed {a.seed}: step: adversarial loss at 1 / 2 threads (relative difference)')
    for i in sorted({0, 1, 2, 5, 10, 20, 50, a.steps - 1} & set(range(a.steps))):
        l1, l2 = logs[1][i]['adv'], logs[2][i]['adv']
        print(f'   {i:4d}: {l1:.5f} / {l2:.5f} ({abs(l1 - l2) / abs(l1):.1e})')

if __name__ == '__main__':
    main()
