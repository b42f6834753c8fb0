"""Time and score the Table-2 classifier: the paper's recipe against the fast recipe.

Training data: 100k "ideal counterfactuals" of a variant (the training digits painted with colours drawn
independently of the label, i.e. what a perfect CGN would give), or with --train original the biased training
split (the "Original" row); test data: the variant's counterfactual test split.
Stages: (1) build the data; (2) throughput probes: the best of --reps short runs (--probe images, one epoch) per
recipe, through fastai's Learner and through a plain PyTorch loop, to show the Learner's overhead; (3) full training
runs of the recipes named in --full, with accuracies and wall time. Prints the hardware, load and peak memory.

    CGN_DATA=/work/shared/data python benchmarks/bench_classifier.py                     # probes + full fast run
    CGN_DATA=/work/shared/data python benchmarks/bench_classifier.py --full paper,fast   # also the 10-epoch paper run
    ... --cfg fast2=epochs=2,bs=256 --full fast2                                          # try another fast recipe
    python benchmarks/bench_classifier.py --smoke     # 512 training and 500 test images, one probe per recipe
"""
import os
from dataclasses import replace
import torch, torch.nn.functional as F
from _common import parser, start, print_done
from cgn_nb.core import Timer, set_seed, bf16_autocast
from cgn_nb.data import make_variant
from cgn_nb.classifiers import (PAPER_RECIPE, FAST_RECIPE, MnistCNN, TensorImageSet, ideal_counterfactuals,
                                train_classifier, _OPTS)

def parse_cfg(spec, base):
    "name=key=val,key=val -> (name, config derived from base)."
    name, _, kv = spec.partition('=')
    conv = {'epochs': int, 'bs': int, 'lr': float, 'gamma': float, 'wd': float, 'opt': str, 'schedule': str,
            'bf16': lambda v: v in ('1', 'true', 'True'), 'channels_last': lambda v: v in ('1', 'true', 'True')}
    kw = {k: conv[k](v) for k, v in (p.split('=') for p in kv.split(',') if p)}
    return name, replace(base, **kw)

def load(): return ' '.join(f'{l:.2f}' for l in os.getloadavg())

def plain_loop_rate(ds, cfg, n_batches, device):
    "Images/s of a bare PyTorch training loop with the same model, batch, optimizer and precision (no fastai)."
    set_seed(0); m = MnistCNN().to(device); opt = _OPTS[cfg.opt](m.parameters(), lr=cfg.lr)
    if cfg.channels_last: m = m.to(memory_format=torch.channels_last)   # the batch stays NCHW, as in ChannelsLastCB
    perm = torch.randperm(len(ds))
    def step(i):
        idx = perm[i * cfg.bs:(i + 1) * cfg.bs]; xb, yb = ds.x(idx).to(device), ds.labels[idx].to(device)
        with bf16_autocast(device.type, cfg.bf16): loss = F.cross_entropy(m(xb), yb)
        opt.zero_grad(); loss.backward(); opt.step()
    for i in range(2): step(i)
    with Timer() as t:
        for i in range(2, n_batches): step(i)
    return (n_batches - 2) * cfg.bs / t.seconds

def main(argv=None):
    p = parser(__doc__)
    p.add_argument('--variant', default='colored_mnist')
    p.add_argument('--n', type=int, default=100_000, help='training images (ideal counterfactuals)')
    p.add_argument('--train', default='ideal', choices=['ideal', 'original'],
                   help="'ideal': n ideal counterfactuals (the CGN row's ceiling); 'original': the biased train split")
    p.add_argument('--probe', type=int, default=6_400, help='images per throughput probe')
    p.add_argument('--reps', type=int, default=3, help='probes per recipe; the best is reported')
    p.add_argument('--recipes', default='paper,fast', help='recipes to probe')
    p.add_argument('--full', default='fast', help="recipes to train fully ('' for none)")
    p.add_argument('--cfg', action='append', default=[], help='extra recipe NAME=key=val,... derived from the fast one')
    p.add_argument('--seeds', default='0', help='seeds of the full runs, e.g. 0,1')
    p.add_argument('--n-test', type=int, default=None, help='test images (default: the whole split)')
    p.add_argument('--device', default=None)
    a = p.parse_args(argv)
    if a.smoke: a.n, a.n_test, a.probe, a.reps = 512, 500, 256, 1
    device = start(a, a.device)
    recipes = {'paper': PAPER_RECIPE, 'fast': FAST_RECIPE, **dict(parse_cfg(s, FAST_RECIPE) for s in a.cfg)}
    for k, c in recipes.items(): print(f'  {k}: {c}')
    with Timer() as t:
        train = ideal_counterfactuals(a.variant, a.n) if a.train == 'ideal' else make_variant(a.variant, 'train')
        test = make_variant(a.variant, 'test', n=a.n_test)
    print(f'[data] {a.variant}: {len(train)} training images ({a.train}) + {len(test)} test images in {t.seconds:.1f} s')
    probe_set, probe_test = TensorImageSet(train.images[:a.probe], train.labels[:a.probe]), TensorImageSet(test.images[:100], test.labels[:100])
    for k in [r for r in a.recipes.split(',') if r]:
        cfg = replace(recipes[k], epochs=1)
        fa = max(train_classifier(probe_set, probe_test, cfg, device=device)['images_per_s'] for _ in range(a.reps))
        pl = max(plain_loop_rate(probe_set, cfg, a.probe // cfg.bs, device) for _ in range(a.reps))
        print(f'[probe] {k:8s} best of {a.reps}: Learner {fa:6.0f} images/s, plain loop {pl:6.0f} images/s '
              f'(Learner overhead {100 * (pl / fa - 1):+.0f}%, incl. a 100-image validation); load {load()}')
    for k in [r for r in a.full.split(',') if r]:
        for seed in map(int, a.seeds.split(',')):
            print(f'[full] {k} seed {seed}: start, load {load()}', flush=True)
            r = train_classifier(train, test, recipes[k], seed=seed, device=device, verbose=True)
            per_epoch = ' '.join(f"{h['valid_accuracy']:.4f}" for h in r['history'])
            print(f"[full] {k} seed {seed}: {r['config']['epochs']} epochs x {len(train)} images in {r['seconds']:.1f} s "
                  f"({r['images_per_s']:.0f} images/s incl. evaluation), train acc {r['train_acc']:.4f}, "
                  f"test acc {r['test_acc']:.4f}; per-epoch test acc {per_epoch}; load {load()}", flush=True)
    print_done(device)

if __name__ == '__main__': main()
