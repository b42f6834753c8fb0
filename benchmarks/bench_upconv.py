"""Upsample-then-3x3-conv against the equal stride-2 transposed conv (`cgn_nb.mechanisms.upsample_conv`), per layer,
and this machine's memory bandwidth (why element-wise operations dominate once tensors leave the cache).

Prints milliseconds per call for the MNIST CGN's two upsampling layers:
  training   float32 forward + backward (gradients to input and weight), batch 16 and 64, contiguous and channels-last
  sampling   bfloat16 autocast forward, channels-last, batch 2000 (what `counterfactual_dataset` runs)
then GB/s of `a.mul(b)` for 1-67 MB tensors.
    python benchmarks/bench_upconv.py [--threads 1] [--reps 20]
    python benchmarks/bench_upconv.py --smoke      # 2 repetitions, small batches
"""
import time
import torch
import torch.nn.functional as F
from _common import parser, start, print_done
from cgn_nb.mechanisms import upsample_conv


def ms(fn, reps):
    "Milliseconds per call of `fn` (after 3 warm-up calls)."
    for _ in range(3): fn()
    t = time.perf_counter()
    for _ in range(reps): fn()
    return (time.perf_counter() - t) / reps * 1e3


def plain(x, conv): return conv(F.interpolate(x, scale_factor=2))


def main(argv=None):
    p = parser(__doc__, threads=1)
    p.add_argument('--reps', type=int, default=20, help='timed calls per measurement')
    a = p.parse_args(argv)
    reps, train_bs, sample_bs, sizes = (2, (4,), 100, (1 << 16,)) if a.smoke else (a.reps, (16, 64), 2000, (1 << 18, 1 << 20, 1 << 22, 1 << 24))
    start(a); torch.manual_seed(0)
    for cin, cout, h in ((64, 64, 8), (64, 32, 16)):                     # the texture mechanism's two upsampling layers
        conv = torch.nn.Conv2d(cin, cout, 3, padding=1, bias=False)
        for bs in train_bs:
            for cl in (False, True):
                x = torch.randn(bs, cin, h, h)
                x = (x.to(memory_format=torch.channels_last) if cl else x).requires_grad_()
                r = {n: ms(lambda f=f: f(x, conv).square().sum().backward(), reps) for n, f in (('plain', plain), ('transposed', upsample_conv))}
                print(f'training  {cin}->{cout} @{h:2d} bs {bs:2d} {"channels-last" if cl else "contiguous   "}: upsample+conv {r["plain"]:6.2f} ms, '
                      f'transposed {r["transposed"]:6.2f} ms ({r["plain"] / r["transposed"]:.2f}x)', flush=True)
        x = torch.randn(sample_bs, cin, h, h).to(memory_format=torch.channels_last)
        c = conv.to(memory_format=torch.channels_last)
        with torch.inference_mode(), torch.autocast('cpu', torch.bfloat16):
            r = {n: ms(lambda f=f: f(x, c), max(2, reps // 4)) for n, f in (('plain', plain), ('transposed', upsample_conv))}
        print(f'sampling  {cin}->{cout} @{h:2d} bs {sample_bs} bf16 channels-last: upsample+conv {r["plain"]:6.1f} ms, '
              f'transposed {r["transposed"]:6.1f} ms ({r["plain"] / r["transposed"]:.2f}x)', flush=True)
    for n in sizes:                                                       # 1, 4, 17 and 67 MB per tensor
        u, v = torch.randn(n), torch.randn(n)
        t = ms(lambda: u.mul(v), 3 if a.smoke else max(3, (1 << 26) // n))
        print(f'memory    a.mul(b) over {n * 4 / 1e6:5.1f} MB: {t:7.2f} ms, {3 * n * 4 / t / 1e6:4.1f} GB/s (2 reads + 1 write)')
    print_done()


if __name__ == '__main__': main()
