"""Does this CPU compute bfloat16 in hardware? float32 against bf16 autocast on a matmul and a convolution.

Prints GFLOP/s per dtype next to the hardware line (which says whether oneDNN finds native bf16,
`cgn_nb.core.bf16_native`). Autocast is entered directly here, not through `bf16_autocast`, so the bf16 figure is what
emulation costs where bf16 is not native: the reason `CGN_BF16=auto` falls back to float32 there (00_core).
    python benchmarks/bench_bf16.py [--threads 2] [--reps 5]
    python benchmarks/bench_bf16.py --smoke        # one repetition of small problems
"""
import time
import torch
from _common import parser, start, print_done


def gflops(fn, flop, reps):
    with torch.inference_mode():
        fn(); t = time.perf_counter()
        for _ in range(reps): fn()
    return flop * reps / (time.perf_counter() - t) / 1e9


def main(argv=None):
    p = parser(__doc__); p.add_argument('--reps', type=int, default=5)
    a = p.parse_args(argv)
    start(a, 'cpu')
    n, b, reps = (128, 4, 1) if a.smoke else (512, 32, a.reps)          # matmul side, conv batch, repetitions
    x, y = torch.randn(n, n), torch.randn(n, n)
    conv = torch.nn.Conv2d(64, 128, 4, 2, 1).to(memory_format=torch.channels_last)
    im = torch.randn(b, 64, 16, 16).contiguous(memory_format=torch.channels_last)
    cases = {f'matmul {n}x{n}x{n}': (lambda: x @ y, 2 * n ** 3),
             f'conv 64->128, 4x4 stride 2, {b}x16x16, channels-last': (lambda: conv(im), 2 * b * 8 * 8 * 128 * 64 * 16)}
    for name, (fn, flop) in cases.items():
        fp32 = gflops(fn, flop, reps)
        with torch.autocast('cpu', torch.bfloat16): bf16 = gflops(fn, flop, reps)
        print(f'{name}: float32 {fp32:.1f} GFLOP/s, bf16 autocast {bf16:.1f} GFLOP/s', flush=True)
    print_done('cpu')


if __name__ == '__main__': main()
