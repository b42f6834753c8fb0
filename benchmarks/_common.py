"""What every benchmark shares: the hardware line it prints first, the wall-time and peak-memory line it prints last,
the `--smoke` flag, and, for the benchmarks that read trained generators, a tiny one trained on the spot.

Each benchmark is a script (`python benchmarks/NAME.py --help`); this file is imported from the benchmarks folder.
"""
import argparse, os, platform, time, warnings
from dataclasses import replace
from pathlib import Path
import torch
import cgn_nb  # noqa: F401  (before fastai: without its torch.jit deprecation warning, see 00_core)
from cgn_nb.core import get_device, hardware, peak_memory_mb, set_threads

T0 = time.perf_counter()  # the clock of `print_done`, restarted by `start`


def cpu_model() -> str:
    "The CPU's model name from /proc/cpuinfo (Linux), else what `platform` knows."
    try:
        for line in Path('/proc/cpuinfo').read_text().splitlines():
            if line.startswith('model name'): return line.split(':', 1)[1].strip()
    except OSError: pass
    return platform.processor() or platform.machine()


def hardware_line(device=None) -> str:
    "One line with what a benchmark's numbers depend on: CPU, cores, threads, load, torch, device."
    dev, h = get_device(device), hardware()
    gpu = f' ({torch.cuda.get_device_name(dev)})' if dev.type == 'cuda' else ''
    return (f"hardware: CPU {cpu_model()} ({h['machine']}, {h['cpu']}, native bf16 {h['bf16_native']}), "
            f"{h['cores']} cores, {h['threads']} threads, load {os.getloadavg()[0]:.2f}, torch {h['torch']}, device {dev}{gpu}")


def print_hardware(device=None):
    "Print `hardware_line` (call it after setting the thread count)."
    print(hardware_line(device), flush=True)


def print_done(device=None):
    "Print the benchmark's wall time (since `start`) and the peak memory (`cgn_nb.core.peak_memory_mb`)."
    print(f'wall {time.perf_counter() - T0:.2f} s, peak memory {peak_memory_mb(device):.0f} MiB', flush=True)


def parser(doc: str, threads: int | None = None) -> argparse.ArgumentParser:
    "An argument parser that shows the benchmark's docstring and has `--smoke` and `--threads` (default `threads`)."
    p = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--smoke', action='store_true',
                   help='run in seconds on tiny sizes (random or barely trained models): checks the code path, the numbers mean nothing')
    p.add_argument('--threads', type=int, default=None,
                   help=f'intra-op threads (default: {threads or "all cores"}; 1 under --smoke unless given)')
    p.set_defaults(default_threads=threads)
    return p


def start(a: argparse.Namespace, device=None) -> torch.device:
    "Set the threads `a` asks for, start the clock of `print_done`, print the hardware line; the device."
    global T0
    if a.smoke: warnings.filterwarnings('ignore', message='the classifier ends at')  # a few steps on a few images stay near chance
    set_threads(a.threads or (1 if a.smoke else a.default_threads))
    dev = get_device(device); print_hardware(dev); T0 = time.perf_counter()
    return dev


def tiny_generator(folder, variant: str = 'colored_mnist', iters: int = 3, seed: int = 0) -> Path:
    "Train a CGN of `fast_config(variant)` for `iters` steps on 64 images, without the perceptual term; its checkpoint path."
    from cgn_nb.data import make_variant
    from cgn_nb.training import fast_config, train_cgn
    cfg = replace(fast_config(variant), iters=iters, bs=8, ema=0., perc_backbone='none', seed=seed,
                  save_every=10**9, sample_every=10**9)
    train_cgn(cfg, folder, resume=False, data=make_variant(variant, 'train', seed, n=64))
    return Path(folder)/'ckpt.pt'
