"""One rank of `test_distributed.py`: started twice by torchrun (gloo, 127.0.0.1), it trains the tiny ensemble and the
tiny ImageNet CGN the way a user's `torchrun ... cgn_train_ensemble` / `cgn_train_imagenet` would, and writes what this
rank saw (its shards of the data) and what it holds (its weights) for the test to compare.

    python -m torch.distributed.run --nproc_per_node 2 tests/dist_worker.py ROOT
"""
import json, sys, warnings
from pathlib import Path
import torch
import cgn_nb  # noqa: F401  (before fastai: without its torch.jit deprecation warning)
from cgn_nb.distributed import launched, rank_world
from cgn_nb.cli import cgn_train_ensemble
from dataclasses import replace
from cgn_nb.imagenet import ImageNetCGNConfig, ImageNetLossWeights, train_imagenet_cgn, NoiseDL


def ensemble_args(root: Path, out: str, epochs: int, bs: int, resume: bool = False) -> list:
    "The arguments of `cgn_train_ensemble` on the toy data that the test wrote under `root` (shared with the test)."
    return ['--real', str(root/'real'), '--cf', str(root/'cf'), '--arch', 'tiny', '--weights', 'none', '--n-classes', '4',
            '--size', '16', '--no-augment', '--lr', '0.05', '--device', 'cpu', '--epochs', str(epochs), '--bs', str(bs),
            '--out', str(root/out)] + (['--resume'] if resume else [])


def cgn_config(batch_size: int) -> ImageNetCGNConfig:
    """The tiny CGN (random tiny BigGAN, U^2-Net and VGG16), 2 passes of `batch_size` per step (shared with the test).

    Without the two reconstruction terms: the heads start as copies of G_gt, so x_gen equals x_gt up to float rounding,
    and the L1 and Gram-L1 terms sit on their kink, where the sign of the gradient is the sign of rounding noise. A
    batch of 4 and two batches of 2 round differently, so those terms would differ by a full gradient, not by rounding.
    The other four terms (mask entropy and size, texture, background) are smooth there and test every piece."""
    weights = replace(ImageNetLossWeights(), l1=0., perc=(0., 0., 0., 0.))
    return ImageNetCGNConfig.tiny(u2net=None, batch_size=batch_size, batch_acc=2, weights=weights)


def main(root: Path):
    with launched('cpu', timeout_s=240):                    # one group for every run below; a stuck rank fails in 4 min
        rank, world = rank_world()
        assert world == 2, world
        seen = {}
        learn = cgn_train_ensemble(ensemble_args(root, 'ens_B', 2, 4))           # B: two epochs on two ranks
        for name, dl in (('train', learn.dls.train), ('valid', learn.dls.valid)):
            dl.set_epoch(0); seen[name] = {'real': dl.real_order, 'cf': dl.cf_order}
        torch.save(learn.model.state_dict(), root/f'ens_B_rank{rank}.pt')
        cgn_train_ensemble(ensemble_args(root, 'ens_C', 1, 4))                    # C: one epoch here, the second in one process
        cgn_train_ensemble(ensemble_args(root, 'ens_D', 2, 4, resume=True))       # D: the second epoch of a one-process run

        with warnings.catch_warnings():
            warnings.simplefilter('ignore')                                        # random VGG16: the weights warning
            learn = train_imagenet_cgn(cgn_config(2), root/'cgn_B', epochs=2, sheet_every=None, device='cpu')
            torch.save({k: h.state_dict() for k, h in learn.model.heads().items()}, root/f'cgn_B_rank{rank}.pt')
            train_imagenet_cgn(cgn_config(2), root/'cgn_C', epochs=1, sheet_every=None, device='cpu')
            train_imagenet_cgn(cgn_config(2), root/'cgn_D', epochs=2, resume=True, sheet_every=None, device='cpu')
        seen['noise'] = NoiseDL(8, 2, z_dim=8, n_classes=10, seed=0).one_batch()[0].tolist()  # rank and world from the group
        (root/f'rank{rank}.json').write_text(json.dumps(seen))


if __name__ == '__main__': main(Path(sys.argv[1]))
