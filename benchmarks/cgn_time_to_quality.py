"""Time to quality of a MNIST CGN recipe: train, and every `--every` iterations judge 1,000 counterfactuals.

Prints one JSON line per evaluation (step, training seconds without the judging, images/s, mu_mask, shape / fg / bg
consistency, from `cgn_nb.quality`), then wall time, peak memory and device. The judges (trained on 20k real images
per judge) are cached in `--judges-dir`. Overrides are dotted `TrainConfig` fields with Python literals, e.g.

    CGN_DATA=../shared/data python benchmarks/cgn_time_to_quality.py --variant colored_mnist --iters 3000 --every 500
    python benchmarks/cgn_time_to_quality.py --base paper --set loss.lambda_mask_size=20 "loss.mask_band=(0.05,0.35)"
    python benchmarks/cgn_time_to_quality.py --set ema=0. disc="'linear'" ndf=512      # fast_config without two changes
    python benchmarks/cgn_time_to_quality.py --iters 10000 --every 1000 --seed 2 --set disc_pool="'flatten'" --out runs/flat2
    ... --out runs/flat2 --keep     # also runs/flat2/gen-<step>.pt at every evaluation, for benchmarks/cgn_row.py

These are the runs behind the 'fast recipe' table of nbs/04_training.ipynb.
"""
import argparse, ast, json, platform, tempfile, time
from dataclasses import replace, asdict
from pathlib import Path

import torch
import cgn_nb  # before fastai: without its torch.jit deprecation warning (00_core)
from fastai.callback.core import Callback

from cgn_nb.core import set_threads, peak_memory_mb, atomic_save
from cgn_nb.data import VARIANTS
from cgn_nb.training import fast_config, paper_config, train_cgn, sampling_model
from cgn_nb.quality import make_judges, counterfactual_quality


def with_overrides(cfg, sets):
    "Apply 'a.b=literal' overrides to a (nested) dataclass config."
    for s in sets:
        key, val = s.split('=', 1)
        *path, last = key.split('.')
        val = ast.literal_eval(val)
        def upd(obj, path):
            if not path: return replace(obj, **{last: val})
            return replace(obj, **{path[0]: upd(getattr(obj, path[0]), path[1:])})
        cfg = upd(cfg, path)
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
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--variant', default='colored_mnist', choices=VARIANTS)
    p.add_argument('--base', default='fast', choices=('fast', 'paper'))
    p.add_argument('--set', nargs='*', default=[], help='dotted TrainConfig overrides, e.g. ema=0. loss.lambda_mask_size=20')
    p.add_argument('--iters', type=int, default=3000)
    p.add_argument('--every', type=int, default=500)
    p.add_argument('--seed', type=int, default=0)
    p.add_argument('--threads', type=int, default=1)
    p.add_argument('--judge-n', type=int, default=20_000)
    p.add_argument('--judges-dir', default=str(Path(tempfile.gettempdir())/'cgn_nb_judges'))
    p.add_argument('--out', default=None, help='keep the run (checkpoint, samples, metrics) in this folder (default: a temporary one)')
    p.add_argument('--keep', action='store_true', help='with --out: also save the sampling generator at every evaluation as gen-<step>.pt')
    a = p.parse_args(argv)
    if a.keep and not a.out: p.error('--keep needs --out (the folder the snapshots go to)')
    set_threads(a.threads)
    jp = Path(a.judges_dir)/f'{a.variant}-{a.judge_n}-{a.seed}.pt'
    if jp.exists(): judges = torch.load(jp, weights_only=False)
    else:
        judges = make_judges(a.variant, n=a.judge_n, seed=a.seed); jp.parent.mkdir(parents=True, exist_ok=True); torch.save(judges, jp)
    print('judges on real data:', {k: round(v, 3) for k, v in judges.accuracy.items()})
    base = (fast_config if a.base == 'fast' else paper_config)(a.variant)
    cfg = with_overrides(replace(base, iters=a.iters, seed=a.seed, save_every=10**9, sample_every=10**9), a.set)
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as d:
        learn = train_cgn(cfg, a.out or d, resume=False, cbs=[JudgeEvery(judges, a.every, keep=a.out if a.keep else None, cfg=cfg)])
    print(json.dumps({'wall_s': round(time.perf_counter() - t0, 1), 'peak_memory_mb': round(peak_memory_mb('cpu')),
                      'device': f'cpu ({platform.processor() or platform.machine()}), {a.threads} thread(s)',
                      'perc_backbone': learn.loss_func.backbone, 'overrides': a.set, 'base': a.base}))


if __name__ == '__main__': main()
