"""A quick, cheap quality probe for colored-MNIST CGNs (used to choose the fast training recipe; not the paper's metric).

For counterfactual samples (shape, stroke colour and background classes drawn independently) it measures:
  shape_acc   a small digit classifier, trained on the binary digit masks of real MNIST, reads the CGN's mask (> 0.5)
              and must find y_shape
  xshape_acc  the same classifier on the composite's brightness (max over RGB > 0): the digit must be visible in x
  color_acc   the mean colour of the composite inside the mask, matched to the nearest of the 10 class colours, is y_fg
  bg_dark     mean brightness of the background image in [0, 1] (colored MNIST's background is black: lower is better)
  mu_mask     mean mask value
Real colored-MNIST test images give the ceiling (printed by `python benchmarks/cgn_quality_probe.py`).
"""
import time
from pathlib import Path
import torch
import torch.nn as nn
import torch.nn.functional as F
from cgn_nb.data import make_variant, PALETTE

_CACHE = Path('/tmp/cgn_probe_shape_clf.pt')


def _clf():
    return nn.Sequential(nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(),
                         nn.MaxPool2d(2), nn.Flatten(), nn.Linear(32 * 64, 64), nn.ReLU(), nn.Linear(64, 10))


def shape_classifier(n=20_000, epochs=2, seed=0):
    "A digit classifier on binary 32x32 masks (cached in /tmp)."
    net = _clf()
    if _CACHE.exists(): net.load_state_dict(torch.load(_CACHE, weights_only=True)); return net.eval()
    torch.manual_seed(seed)
    ds = make_variant('colored_mnist', 'train', n=n)
    x, y = ds.masks.float() * 2 - 1, ds.labels
    opt = torch.optim.Adam(net.parameters(), 1e-3)
    for _ in range(epochs):
        for idx in torch.randperm(len(y)).split(128):
            opt.zero_grad(); F.cross_entropy(net(x[idx]), y[idx]).backward(); opt.step()
    torch.save(net.state_dict(), _CACHE)
    return net.eval()


@torch.no_grad()
def probe(gen, n=500, seed=123, clf=None):
    "Probe a colored-MNIST generator (CGN API) on n counterfactual samples."
    clf = clf or shape_classifier()
    g = torch.Generator().manual_seed(seed)
    ys, yf, yb = (torch.randint(0, 10, (n,), generator=g) for _ in range(3))
    was = gen.training; gen.eval()
    o = gen(ys, yf, yb, counterfactual=True, generator=g)
    gen.train(was)
    m = (o.mask > 0.5).float()
    shape_acc = (clf(m * 2 - 1).argmax(1) == ys).float().mean().item()
    xb = ((o.x.max(1, keepdim=True).values > 0).float())
    xshape_acc = (clf(xb * 2 - 1).argmax(1) == ys).float().mean().item()
    col = ((o.x + 1) / 2 * m).sum((2, 3)) / m.sum((2, 3)).clamp(min=1)              # (n, 3) mean colour in the mask
    color_acc = (torch.cdist(col, PALETTE).argmin(1) == yf).float().mean().item()
    return {'shape_acc': round(shape_acc, 3), 'xshape_acc': round(xshape_acc, 3), 'color_acc': round(color_acc, 3),
            'bg_dark': round(((o.background + 1) / 2).mean().item(), 3), 'mu_mask': round(o.mask.mean().item(), 3)}


if __name__ == '__main__':
    t0 = time.time(); clf = shape_classifier()
    te = make_variant('colored_mnist', 'test', n=2000)
    acc = (clf(te.masks.float() * 2 - 1).argmax(1) == te.labels).float().mean().item()
    xb = (te.x().max(1, keepdim=True).values > -1 + 0.2).float()
    xacc = (clf(xb * 2 - 1).argmax(1) == te.labels).float().mean().item()
    print(f'shape classifier on real test masks: {acc:.3f}, on real test images (brightness): {xacc:.3f} ({time.time() - t0:.0f} s)')
