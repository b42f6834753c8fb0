"""Is a CGN's decomposition inverted? The mean fraction of the outer ring that its masks cover, per class.

An inverted class (the background mechanism paints the digit, the mask is a frame along the border: 04_training,
session 14) covers about 0.4 of the 5-pixel ring; clean classes and real digits about 0.02. Reads training checkpoints
or `gen-<step>.pt` snapshots; prints one JSON line per checkpoint. With --figure, draws masks, foregrounds, backgrounds
and composites of the given checkpoints, two per class, one row each (nbs/images/mask_border.png).
    python benchmarks/cgn_mask_ring.py runs/bs32s2/gen-2000.pt runs/bs32h2/gen-2000.pt [--px 5] [--n 100]
    ... --figure nbs/images/mask_border.png --labels "no hinge" "hinge (20)"
"""
import argparse, json
import torch
import cgn_nb  # before fastai: without its torch.jit deprecation warning (00_core)
from cgn_nb.core import set_threads, image_grid
from cgn_nb.losses import border_cover
from cgn_nb.quality import load_generator


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('ckpts', nargs='+')
    p.add_argument('--px', type=int, default=5, help='width of the ring')
    p.add_argument('--n', type=int, default=100, help='masks per class')
    p.add_argument('--seed', type=int, default=1)
    p.add_argument('--figure', default=None, help='also draw the checkpoints\' samples into this PNG')
    p.add_argument('--labels', nargs='*', default=None, help='row labels of the figure (default: the paths)')
    p.add_argument('--threads', type=int, default=1)
    a = p.parse_args(argv)
    set_threads(a.threads)
    gens = []
    for path in a.ckpts:
        g, cfg = load_generator(path); g.eval(); gens.append(g)
        k = cfg.cgn.n_classes
        with torch.no_grad(): m = g(torch.arange(k).repeat_interleave(a.n), generator=torch.Generator().manual_seed(a.seed)).mask
        cover = border_cover(m, a.px).view(k, a.n).mean(1)
        print(json.dumps({'ckpt': str(path), 'px': a.px, 'ring_cover_per_class': [round(v, 3) for v in cover.tolist()],
                          'mu_mask_per_class': [round(v, 3) for v in m.view(k, a.n, -1).mean((1, 2)).tolist()]}))
    if a.figure:
        import matplotlib; matplotlib.use('Agg'); import matplotlib.pyplot as plt
        fig, axes = plt.subplots(len(gens), 4, figsize=(13, 1.25 * len(gens)), squeeze=False)
        for r, g in enumerate(gens):
            with torch.no_grad(): o = g(torch.arange(g.cfg.n_classes).repeat(2), generator=torch.Generator().manual_seed(0))
            for c, (name, t) in enumerate([('mask', o.mask.expand(-1, 3, -1, -1) * 2 - 1), ('foreground', o.foreground),
                                           ('background', o.background), ('composite', o.x)]):
                ax = axes[r, c]; ax.set_xticks([]); ax.set_yticks([])
                ax.imshow(image_grid(t, nrow=g.cfg.n_classes).permute(1, 2, 0))
                if r == 0: ax.set_title(name, fontsize=9)
                if c == 0: ax.set_ylabel((a.labels or a.ckpts)[r], fontsize=9)
        plt.tight_layout(); plt.savefig(a.figure, dpi=72)
        print(json.dumps({'figure': a.figure}))


if __name__ == '__main__': main()
