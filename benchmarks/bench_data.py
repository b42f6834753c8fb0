"""Time the generation of all three biased MNIST variants, train and test, full size.

Target (issue 2): under 60 s on 2 cores. Usage:
    CGN_DATA=../shared/data python benchmarks/bench_data.py [--textures DIR] [--threads N]
"""
import argparse, os, platform
import torch
from cgn_nb.core import Timer, peak_memory_mb, set_threads
from cgn_nb.data import VARIANTS, make_variant, load_mnist, bias_report

p = argparse.ArgumentParser(); p.add_argument('--textures', default=None); p.add_argument('--threads', type=int, default=None)
a = p.parse_args()
print(f'device cpu ({platform.processor() or platform.machine()}), {os.cpu_count()} cores, threads {set_threads(a.threads)}, torch {torch.__version__}')
with Timer() as t: load_mnist(True); load_mnist(False)
print(f'read MNIST IDX files: {t.seconds:.2f} s')
total, n = 0., 0
for v in VARIANTS:
    for split in ('train', 'test'):
        with Timer() as t: ds = make_variant(v, split, textures=a.textures)
        total += t.seconds; n += len(ds)
        print(f'{v:22s} {split:5s} n={len(ds):6d} {t.seconds:6.2f} s  {len(ds)/t.seconds:9.0f} images/s  {bias_report(ds)}')
print(f'all three variants, train+test: {n} images in {total:.1f} s ({n/total:.0f} images/s); peak memory {peak_memory_mb():.0f} MiB')
