"""Time to quality of a MNIST CGN recipe: train, and every `--every` iterations judge 1,000 counterfactuals.

Prints one JSON line per evaluation (step, training seconds without the judging, images/s, mu_mask, shape / fg / bg
consistency, from `cgn_nb.quality`), then wall time and peak memory. Overrides are dotted `TrainConfig` fields with
Python literals, e.g.

    python benchmarks/cgn_time_to_quality.py --variant colored_mnist --iters 3000 --every 500
    python benchmarks/cgn_time_to_quality.py --base paper --set loss.lambda_mask_size=20 "loss.mask_band=(0.05,0.35)"
    python benchmarks/cgn_time_to_quality.py --set ema=0. disc="'linear'" ndf=512      # fast_config without two changes
    python benchmarks/cgn_time_to_quality.py --iters 10000 --every 2000 --seed 2 --out runs/seed2 --keep
    ... --keep     # also runs/seed2/gen-<step>.pt at every evaluation, for benchmarks/cgn_row.py
    python benchmarks/cgn_time_to_quality.py --smoke     # 4 steps, judges on 300 images

These are the runs behind the reports `nbs/experiments/fast_recipe` and `collapse`.
"""
import ast, json, tempfile, time
from dataclasses import replace, asdict
from pathlib import Path

from _common import parser, start, print_done
from fastai.callback.core import Callback
from cgn_nb.core import atomic_save
from cgn_nb.data import VARIANTS, make_variant
from cgn_nb.training import fast_config, paper_config, train_cgn, sampling_model
from cgn_nb.quality import make_judges, counterfactual_quality


def with_overrides(cfg, sets):
    "Apply 'a.b=literal' overrides to a (nested) dataclass config."
    def upd(obj, path, last, val):
        if not path: return replace(obj, **{last: val})
        return replace(obj, **{path[0]: upd(getattr(obj, path[0]), path[1:], last, val)})
    for s in sets:
        key, val = s.split('=', 1)
        *path, last = key.split('.')
        cfg = upd(cfg, path, last, ast.literal_eval(val))
    return cfg


class JudgeEvery(Callback):
    "Judge the sampling model every `every` steps; judging time is excluded from the training time."
    order = 50
    def __init__(self, judges, every, n=1000, keep=None, cfg=None): self.judges, self.every, self.n, self.keep, self.cfg = judges, every, n, keep, cfg
    def before_fit(self): self.t0, self.judging = time.perf_counter(), 0.
    def after_batch(self):
        s = self.learn.step
        if not self.training or s % self.every: return
        t = time.perf_counter()
        q = counterfactual_quality(sampling_model(self.learn), self.judges, self.n, 0)
        if self.keep:  # a generator snapshot that `load_generator` (and benchmarks/cgn_row.py) reads
            atomic_save({'generator': sampling_model(self.learn).state_dict(), 'config': asdict(self.cfg), 'step': s},
                        Path(self.keep)/f'gen-{s}.pt')
        self.learn.model.train()
        train_s = t - self.t0 - self.judging
        self.judging += time.perf_counter() - t
        print(json.dumps({'step': s, 'train_s': round(train_s, 1), 'images_per_s': round(s * self.learn.dls.bs / train_s, 1), **q}), flush=True)


def main(argv=None):
    p = parser(__doc__, threads=1)
    p.add_argument('--variant', default='colored_mnist', choices=VARIANTS, help='which biased MNIST')
    p.add_argument('--base', default='fast', choices=('fast', 'paper'), help='fast_config or paper_config')
    p.add_argument('--set', nargs='*', default=[], help='dotted TrainConfig overrides, e.g. ema=0. loss.lambda_mask_size=20')
    p.add_argument('--iters', type=int, default=3000, help='iterations')
    p.add_argument('--every', type=int, default=500, help='judge every N iterations')
    p.add_argument('--seed', type=int, default=0, help='training seed (also the judges and the data)')
    p.add_argument('--judge-n', type=int, default=20_000, help='training images per quality judge')
    p.add_argument('--out', default=None, help='keep the run (checkpoint, samples, metrics) in this folder (default: a temporary one)')
    p.add_argument('--keep', action='store_true', help='with --out: also save the sampling generator at every evaluation as gen-<step>.pt')
    a = p.parse_args(argv)
    if a.keep and not a.out: p.error('--keep needs --out (the folder the snapshots go to)')
    n_judged, data = 1000, None
    if a.smoke:
        a.iters, a.every, a.judge_n, n_judged = 4, 2, 300, 50
        a.set = a.set + ['bs=8', 'ema=0.', "perc_backbone='none'"]
        data = make_variant(a.variant, 'train', a.seed, n=64)
    start(a)
    judges = make_judges(a.variant, n=a.judge_n, seed=a.seed)
    print('judges on real data:', {k: round(v, 3) for k, v in judges.accuracy.items()}, flush=True)
    base = (fast_config if a.base == 'fast' else paper_config)(a.variant)
    cfg = with_overrides(replace(base, iters=a.iters, seed=a.seed, save_every=10**9, sample_every=10**9), a.set)
    with tempfile.TemporaryDirectory() as d:
        learn = train_cgn(cfg, a.out or d, resume=False, data=data,
                          cbs=[JudgeEvery(judges, a.every, n_judged, keep=a.out if a.keep else None, cfg=cfg)])
    print(json.dumps({'perc_backbone': learn.loss_func.backbone, 'overrides': a.set, 'base': a.base}))
    print_done()


if __name__ == '__main__': main()
