"""Does this CPU compute bfloat16 in hardware? float32 against bf16 autocast on a matmul and a convolution.

Prints the CPU capability, oneDNN's native-bf16 check (`cgn_nb.core.bf16_native`) and GFLOP/s per dtype. Autocast is
entered directly here (not through `bf16_autocast`), so the bf16 figure is what emulation costs where bf16 is not
native: the reason `CGN_BF16=auto` falls back to float32 there (00_core).
    python benchmarks/bench_bf16.py [--threads 2] [--reps 5]
"""
import argparse, time
import torch
from cgn_nb.core import set_threads, hardware

p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
p.add_argument('--threads', type=int, default=None); p.add_argument('--reps', type=int, default=5)
a = p.parse_args()
set_threads(a.threads)
print(', '.join(f'{k} {v}' for k, v in hardware().items()))

def gflops(fn, flop):
    with torch.inference_mode():
        fn(); t = time.perf_counter()
        for _ in range(a.reps): fn()
    return flop * a.reps / (time.perf_counter() - t) / 1e9

x, y = torch.randn(512, 512), torch.randn(512, 512)
conv = torch.nn.Conv2d(64, 128, 4, 2, 1).to(memory_format=torch.channels_last)
im = torch.randn(32, 64, 16, 16).contiguous(memory_format=torch.channels_last)
cases = {'matmul 512x512x512': (lambda: x @ y, 2 * 512 ** 3),
         'conv 64->128, 4x4 stride 2, 32x16x16, channels-last': (lambda: conv(im), 2 * 32 * 8 * 8 * 128 * 64 * 16)}
for name, (fn, flop) in cases.items():
    fp32 = gflops(fn, flop)
    with torch.autocast('cpu', torch.bfloat16): bf16 = gflops(fn, flop)
    print(f'{name}: float32 {fp32:.1f} GFLOP/s, bf16 autocast {bf16:.1f} GFLOP/s')
