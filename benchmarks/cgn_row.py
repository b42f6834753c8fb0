"""The Table-2 CGN row of saved generators: 100k counterfactuals (10k shapes x 10), the fast classifier recipe, and its
accuracy on the variant's counterfactual test split, exactly as `cgn_table2 --gen-seed S` computes the CGN row.

Reads training checkpoints or the `gen-<step>.pt` snapshots of `cgn_time_to_quality.py --keep`; prints one JSON line
per checkpoint and classifier seed (test accuracy, seconds per stage), then wall time and peak memory.
    python benchmarks/cgn_row.py runs/seed0/gen-6000.pt runs/seed0/gen-10000.pt [--cls-seeds 0 1 2]
    ... --gen-seed 0     # the data/sampling seed (default: each checkpoint's training seed, as cgn_table2 --gen-seed)
    python benchmarks/cgn_row.py --smoke      # a 3-step generator, 100 counterfactuals, 200 test images
"""
import json, tempfile, time
from dataclasses import replace
from _common import parser, start, print_done, tiny_generator
from cgn_nb.data import make_variant
from cgn_nb.quality import load_generator
from cgn_nb.counterfactuals import counterfactual_dataset
from cgn_nb.classifiers import train_classifier, FAST_RECIPE


def main(argv=None):
    p = parser(__doc__)
    p.add_argument('ckpts', nargs='*', help='generator checkpoints (ckpt.pt or gen-<step>.pt)')
    p.add_argument('--cls-seeds', type=int, nargs='+', default=[0], help='classifier seeds')
    p.add_argument('--gen-seed', type=int, default=None, help="data and sampling seed (default: each checkpoint's training seed)")
    p.add_argument('--n-shapes', type=int, default=10_000, help='shapes in the counterfactual set')
    p.add_argument('--per-shape', type=int, default=10, help='counterfactuals per shape')
    a = p.parse_args(argv)
    if not a.ckpts and not a.smoke: p.error('give at least one checkpoint (or --smoke)')
    start(a)
    n_test, recipe = (200, replace(FAST_RECIPE, epochs=1)) if a.smoke else (None, FAST_RECIPE)
    if a.smoke: a.ckpts, a.n_shapes = [tiny_generator(tempfile.mkdtemp())], 20
    for path in a.ckpts:
        gen, cfg = load_generator(path)
        s = cfg.seed if a.gen_seed is None else a.gen_seed
        t = time.perf_counter()
        ds = counterfactual_dataset(gen, a.n_shapes, a.per_shape, s, variant=cfg.variant)
        sample_s = time.perf_counter() - t
        test = make_variant(cfg.variant, 'test', s, n=n_test)
        for c in a.cls_seeds:
            r = train_classifier(ds, test, recipe, c)
            print(json.dumps({'ckpt': str(path), 'variant': cfg.variant, 'gen_seed': s, 'cls_seed': c,
                              'train_acc': round(100 * r['train_acc'], 2), 'test_acc': round(100 * r['test_acc'], 2),
                              'train_acc_per_epoch': [round(100 * h['train_accuracy'], 2) for h in r['history']],
                              'sample_s': round(sample_s, 1), 'classifier_s': round(r['seconds'], 1)}), flush=True)
    print_done()


if __name__ == '__main__': main()
