"""Time the generation of all three biased MNIST variants, train and test, full size.

Prints seconds and images/s per variant and split (with `bias_report`, how strongly colour predicts the label), and
the total. The textures are procedural unless --textures names the paper's texture folder.
    CGN_DATA=../shared/data python benchmarks/bench_data.py [--textures DIR] [--threads N]
    python benchmarks/bench_data.py --smoke         # 500 images per variant and split
"""
from _common import parser, start, print_done
from cgn_nb.core import Timer
from cgn_nb.data import VARIANTS, make_variant, load_mnist, bias_report


def main(argv=None):
    p = parser(__doc__); p.add_argument('--textures', default=None)
    p.add_argument('--n', type=int, default=None, help='images per variant and split (default: the whole split)')
    a = p.parse_args(argv)
    if a.smoke: a.n = 500
    start(a, 'cpu')
    with Timer() as t: load_mnist(True); load_mnist(False)
    print(f'read MNIST IDX files: {t.seconds:.2f} s')
    total, n = 0., 0
    for v in VARIANTS:
        for split in ('train', 'test'):
            with Timer() as t: ds = make_variant(v, split, textures=a.textures, n=a.n)
            total += t.seconds; n += len(ds)
            print(f'{v:22s} {split:5s} n={len(ds):6d} {t.seconds:6.2f} s  {len(ds)/t.seconds:9.0f} images/s  {bias_report(ds)}')
    print(f'all three variants, train+test: {n} images in {total:.1f} s ({n/total:.0f} images/s)')
    print_done('cpu')


if __name__ == '__main__': main()
