"""Time the paper's counterfactual dataset (10,000 shapes x 10 = 100k images) from an MNIST-size CGN.

Speed does not depend on the weights, so a random-init paper-size CGN is the default; `--ckpt` times a trained one (a
`cgn_train` / `cgn_table2` checkpoint) instead. Two paths: `plain`, the float32 model layer by layer (upsample, then
convolution, as the original computes it); `fast`, `counterfactual_dataset`'s default (fused upsample-convolutions,
bf16 where the CPU has it, channels-last). Prints images/s per path and batch size.
    python benchmarks/bench_counterfactuals.py [--n 100000] [--bs 500 2000] [--threads 2] [--paths fast plain] [--ckpt ckpt.pt]
    python benchmarks/bench_counterfactuals.py --smoke      # 200 images per path, batch 100
"""
from _common import parser, start, print_done
from cgn_nb.core import Timer, set_seed, bf16_enabled
from cgn_nb.mechanisms import CGN, CGNConfig
from cgn_nb.counterfactuals import counterfactual_dataset
from cgn_nb.quality import load_generator


def main(argv=None):
    p = parser(__doc__)
    p.add_argument('--n', type=int, default=100_000)
    p.add_argument('--bs', type=int, nargs='+', default=[500, 2000])
    p.add_argument('--paths', nargs='+', default=['plain', 'fast'], choices=['plain', 'fast'],
                   help="plain: the float32 model, layer by layer; fast: counterfactual_dataset's default")
    p.add_argument('--ckpt', default=None, help='a trained CGN checkpoint (default: a random-init paper-size CGN)')
    a = p.parse_args(argv)
    if a.smoke: a.n, a.bs = 200, [100]
    dev = start(a)
    print(f'CGN {a.ckpt or "random init"}')
    set_seed(0); cgn = (load_generator(a.ckpt)[0] if a.ckpt else CGN(CGNConfig())).to(dev)
    counterfactual_dataset(cgn, 10 if a.smoke else 100, 10)   # warm-up
    amp = 'bf16' if bf16_enabled(dev.type) else 'fp32'         # the fast path's bf16 falls back to fp32 without bf16 hardware (00_core)
    for fast in [path == 'fast' for path in a.paths]:
        for m in (cgn.f_shape, cgn.f_text, cgn.f_bg): m.fuse_upsample = fast   # plain: upsample, then conv, as the original
        for bs in a.bs:
            with Timer() as t: ds = counterfactual_dataset(cgn, a.n // 10, 10, bs=bs, fast=fast)
            print(f'{f"fused+{amp}+channels_last" if fast else "plain fp32":24s} bs={bs:5d}: {len(ds)} images in {t.seconds:6.1f} s '
                  f'({len(ds) / t.seconds:7.0f} images/s)', flush=True)
    print_done(dev)


if __name__ == '__main__': main()
