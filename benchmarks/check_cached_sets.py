"""Regenerate the generated training sets of a `cgn_table2` cache with today's code and compare them with the cached ones.

For every cached CGN counterfactual set and GAN sample set (generator seed --gen-seed, the default 100k images), the set
is made again from its cached generator, timed, and compared value by value: how many of the stored uint8 values
differ, and by how much. This is how a speed change that keeps the cache keys is checked (`09_table2`, "Caching").
    python benchmarks/check_cached_sets.py [--results results] [--threads 2] [--kinds cgn plain]
"""
import argparse, os, platform, warnings
from pathlib import Path
import torch
from cgn_nb.core import config_key, set_threads, Timer
from cgn_nb.counterfactuals import counterfactual_dataset, load_dataset
from cgn_nb.quality import load_generator
from cgn_nb.table2 import Table2Config, _gan_samples

warnings.filterwarnings('ignore')
p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
p.add_argument('--results', default='results'); p.add_argument('--threads', type=int, default=None)
p.add_argument('--gen-seed', type=int, default=0); p.add_argument('--kinds', nargs='+', default=['cgn', 'plain'])
a = p.parse_args()
print(f'{platform.machine()}, threads {set_threads(a.threads)}, load {os.getloadavg()[0]:.2f}, torch {torch.__version__}')
c, cache = Table2Config(gen_seed=a.gen_seed), Path(a.results)/'cache'
for run in sorted(d for d in cache.iterdir() if d.is_dir() and d.name.split('-')[0] in a.kinds):
    data = cache/f'data-{config_key([run.name, c.n_generated, c.per_shape, c.gen_seed])}.pt'
    if not data.exists() or not (run/'ckpt.pt').exists(): continue
    gen, variant = load_generator(run/'ckpt.pt')[0], run.name.split('-')[1]
    old = load_dataset(data)
    with Timer() as t:
        new = (counterfactual_dataset(gen, c.n_generated // c.per_shape, c.per_shape, c.gen_seed, variant=variant)
               if run.name.startswith('cgn') else _gan_samples(gen, c.n_generated, c.gen_seed, variant))
    d = (new.images.int() - old.images.int()).abs()
    same = all(torch.equal(getattr(new, f), getattr(old, f)) for f in ('labels', 'masks', 'fg', 'bg'))
    print(f'{run.name}: {len(new)} images in {t.seconds:.1f} s; labels/masks/classes equal: {same}; '
          f'{(d > 0).sum().item():,} of {d.numel():,} values differ, by at most {d.max().item()}', flush=True)
