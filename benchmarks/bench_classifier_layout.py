"""The classifier's batch layout: channels-last batches (as `ChannelsLastCB` did until session 8) against NCHW batches
(what it does now; the model is channels-last either way).

Prints (1) `MnistCNN`'s input BatchNorm (3 channels, batch 64, bf16 autocast) forward + backward in ms per layout;
(2) `FAST_RECIPE` images/s over one epoch of 30k colored ideal counterfactuals, per layout, --reps times alternating;
(3) with --judge-seeds, the grey judge of 06 (5,000 grey MNIST digits, `digit_classifier`) per seed and layout:
its accuracy on the 10k grey test set, i.e. the seed spread its test bar has to sit under.
    CGN_DATA=../shared/data python benchmarks/bench_classifier_layout.py [--threads 2] [--reps 2] [--judge-seeds 0 1 2 3]
"""
import argparse, os, platform, time, warnings
from dataclasses import replace
import torch
import cgn_nb.classifiers as C
from cgn_nb.core import set_threads
from cgn_nb.data import make_variant

warnings.filterwarnings('ignore')
p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
p.add_argument('--threads', type=int, default=None); p.add_argument('--reps', type=int, default=2)
p.add_argument('--judge-seeds', type=int, nargs='*', default=[])
a = p.parse_args()
print(f'{platform.machine()}, threads {set_threads(a.threads)}, load {os.getloadavg()[0]:.2f}, torch {torch.__version__}')

def ms(fn, reps=50):
    for _ in range(5): fn()
    t = time.perf_counter()
    for _ in range(reps): fn()
    return (time.perf_counter() - t) / reps * 1e3

bn, x = torch.nn.BatchNorm2d(3), torch.randn(64, 3, 32, 32)
for name, xi in (('NCHW', x), ('channels-last', x.contiguous(memory_format=torch.channels_last))):
    def step():
        with torch.autocast('cpu', torch.bfloat16): y = bn(xi)
        y.sum().backward()
    print(f'input BatchNorm forward + backward, {name} batch: {ms(step):.3f} ms')

def cl_batches(self): self.learn.xb = (self.learn.xb[0].contiguous(memory_format=torch.channels_last),)
layouts = {'NCHW batches (now)': None, 'channels-last batches (before)': cl_batches}
def with_layout(fn, f):
    if fn: C.ChannelsLastCB.before_batch = fn
    try: return f()
    finally:
        if fn: del C.ChannelsLastCB.before_batch

tr, te = C.ideal_counterfactuals('colored_mnist', 30_000, 0), make_variant('colored_mnist', 'test', 0)
cfg = replace(C.FAST_RECIPE, epochs=1)
C.train_classifier(tr, te, cfg, 0)                                            # warm-up
for _ in range(a.reps):
    for name, fn in layouts.items():
        r = with_layout(fn, lambda: C.train_classifier(tr, te, cfg, 0))
        print(f'FAST_RECIPE, one epoch of 30k, {name}: {r["images_per_s"]:.0f} images/s, test {r["test_acc"]:.4f}', flush=True)
if a.judge_seeds:
    grey_test = C.grey_mnist(False, 10_000)
    for name, fn in layouts.items():
        accs = [with_layout(fn, lambda: C.evaluate(C.digit_classifier(n=5_000, seed=s)['model'], grey_test)) for s in a.judge_seeds]
        print(f'grey judge (5,000 images), {name}, seeds {a.judge_seeds}: ' + ' '.join(f'{v:.3f}' for v in accs), flush=True)
