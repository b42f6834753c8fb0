"""Counterfactuals of saved generators next to the real test images they will be judged on, and how rough their
foregrounds are.

Consistency (07_quality) asks whether a counterfactual has the requested shape and colour. It does not ask whether it
looks like the real digits of the test split, and a classifier trained on counterfactuals that do not can fail on
them (04_training, session 16: a narrower discriminator gave 1.000 / 1.000 consistency and a Table-2 row of 33 %).
This prints, per checkpoint, the foreground's roughness under the mask: the mean absolute difference between
neighbouring pixels of `foreground` where mask > 0.5, on 1,000 counterfactuals (0 for a flat colour, as in the
real colored MNIST). With --figure it draws one row of real test images and one row of counterfactuals per
checkpoint (`sample_counterfactuals`: a random class and independent noise per mechanism).
    python benchmarks/cgn_vs_real.py runs/b16h0/gen-10000.pt runs/n16s2/gen-6000.pt --labels "ndf 32" "ndf 16" \
        --figure nbs/images/cgn_vs_real.png
"""
import argparse, json
import torch
import cgn_nb  # before fastai: without its torch.jit deprecation warning (00_core)
from cgn_nb.core import set_threads, image_grid
from cgn_nb.data import make_variant
from cgn_nb.quality import load_generator
from cgn_nb.counterfactuals import sample_counterfactuals


def fg_roughness(fg: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    "Mean |difference| of horizontally and vertically neighbouring foreground pixels (in [-1, 1] units) where both lie under the mask."
    on = mask[:, 0] > 0.5                                                             # (B, H, W)
    dx, dy = (fg[..., 1:] - fg[..., :-1]).abs().mean(1), (fg[..., 1:, :] - fg[..., :-1, :]).abs().mean(1)
    wx, wy = (on[..., 1:] & on[..., :-1]).float(), (on[..., 1:, :] & on[..., :-1, :]).float()
    return ((dx * wx).sum((1, 2)) + (dy * wy).sum((1, 2))) / (wx.sum((1, 2)) + wy.sum((1, 2))).clamp_min(1)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('ckpts', nargs='+')
    p.add_argument('--n', type=int, default=1000, help='counterfactuals for the roughness')
    p.add_argument('--show', type=int, default=20, help='images per row of the figure')
    p.add_argument('--seed', type=int, default=0)
    p.add_argument('--figure', default=None, help='draw real test images and each checkpoint\'s counterfactuals into this PNG')
    p.add_argument('--labels', nargs='*', default=None, help='row labels of the figure (default: the paths)')
    p.add_argument('--threads', type=int, default=1)
    a = p.parse_args(argv)
    set_threads(a.threads)
    rows, names = [], []
    for path in a.ckpts:
        g, cfg = load_generator(path); k = cfg.cgn.n_classes
        o, ys = sample_counterfactuals(g, a.n, seed=a.seed)                                # ys: shape, texture, background classes
        r = fg_roughness(o.foreground, o.mask)
        print(json.dumps({'ckpt': str(path), 'n': a.n, 'fg_roughness': round(r.mean().item(), 4),
                          'fg_roughness_per_shape_class': [round(r[ys[0] == c].mean().item(), 3) for c in range(k)]}))
        rows.append(o.x[:a.show]); names.append(path)
    if a.figure:
        import matplotlib; matplotlib.use('Agg'); import matplotlib.pyplot as plt
        test = make_variant(cfg.variant, 'test', a.seed)
        rows, names = [test.x(torch.arange(a.show))] + rows, ['real test images'] + (a.labels or names)
        fig, axes = plt.subplots(len(rows), 1, figsize=(0.5 * a.show, 0.62 * len(rows)), squeeze=False)
        for ax, t, name in zip(axes[:, 0], rows, names):
            ax.imshow(image_grid(t, nrow=a.show).permute(1, 2, 0)); ax.set_xticks([]); ax.set_yticks([])
            ax.set_ylabel(name, rotation=0, ha='right', va='center', fontsize=9)
        plt.tight_layout(); plt.savefig(a.figure, dpi=72)
        print(json.dumps({'figure': a.figure}))


if __name__ == '__main__': main()
