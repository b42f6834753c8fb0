"""The Table-2 CGN row of saved generators: 100k counterfactuals (10k shapes x 10), the fast classifier recipe, and its
accuracy on the variant's counterfactual test split, exactly as `cgn_table2 --gen-seed S` computes the CGN row.

Reads training checkpoints or the `gen-<step>.pt` snapshots of `cgn_time_to_quality.py --keep`; prints one JSON line
per checkpoint and classifier seed (test accuracy, seconds per stage), then device and peak memory.
    CGN_DATA=../shared/data python benchmarks/cgn_row.py runs/flat0/gen-6000.pt runs/flat0/gen-8000.pt [--cls-seeds 0 1 2]
    ... --gen-seed 0     # the data/sampling seed (default: each checkpoint's training seed, as cgn_table2 --gen-seed)
"""
import argparse, json, platform, time
import torch
import cgn_nb  # before fastai: without its torch.jit deprecation warning (00_core)
from cgn_nb.core import set_threads, peak_memory_mb
from cgn_nb.data import make_variant
from cgn_nb.quality import load_generator
from cgn_nb.counterfactuals import counterfactual_dataset
from cgn_nb.classifiers import train_classifier, FAST_RECIPE


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('ckpts', nargs='+')
    p.add_argument('--cls-seeds', type=int, nargs='+', default=[0])
    p.add_argument('--gen-seed', type=int, default=None)
    p.add_argument('--n-shapes', type=int, default=10_000); p.add_argument('--per-shape', type=int, default=10)
    p.add_argument('--threads', type=int, default=None)
    a = p.parse_args(argv)
    th = set_threads(a.threads)
    for path in a.ckpts:
        gen, cfg = load_generator(path)
        s = cfg.seed if a.gen_seed is None else a.gen_seed
        t = time.perf_counter()
        ds = counterfactual_dataset(gen, a.n_shapes, a.per_shape, s, variant=cfg.variant)
        sample_s = time.perf_counter() - t
        test = make_variant(cfg.variant, 'test', s)
        for c in a.cls_seeds:
            r = train_classifier(ds, test, FAST_RECIPE, c)
            print(json.dumps({'ckpt': str(path), 'variant': cfg.variant, 'gen_seed': s, 'cls_seed': c,
                              'train_acc': round(100 * r['train_acc'], 2), 'test_acc': round(100 * r['test_acc'], 2),
                              'train_acc_per_epoch': [round(100 * h['train_accuracy'], 2) for h in r['history']],
                              'sample_s': round(sample_s, 1), 'classifier_s': round(r['seconds'], 1)}), flush=True)
    print(json.dumps({'device': f'cpu ({platform.processor() or platform.machine()}), {th} thread(s)',
                      'peak_memory_mb': round(peak_memory_mb('cpu')), 'torch': torch.__version__}))


if __name__ == '__main__': main()
