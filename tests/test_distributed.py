"""Two CPU processes (torchrun, gloo on 127.0.0.1) against one: the distributed path of the ensemble and of the ImageNet
CGN (`13a_distributed`) must shard the data disjointly, keep the ranks' weights identical, equal one process with twice
the batch, and move a run between two ranks and one through a checkpoint, both ways.

One torchrun launch (`dist_worker.py`) does every two-rank run; this process does the one-process runs. The launch has
a timeout (5 min), and every collective in it gives up after 4 min, so a stuck rank fails the test instead of hanging CI.

The ensemble trains with SGD, which is linear in the gradient: two ranks and one process agree to float rounding.
The CGN trains with Adam, which divides each gradient element by its own size: an element whose gradient is at the level
of float rounding (the ranks add in another order than one process) takes a step of random size, up to the learning
rate. So for the CGN the test compares the gradient itself (Adam's moments after one step), the share of weights that
agree, and the size of the step of each head, which must be that head's learning rate.
"""
import csv, json, shutil, subprocess, sys, warnings
from pathlib import Path
import torch

sys.path.insert(0, str(Path(__file__).parent))
from dist_worker import ensemble_args, cgn_config  # noqa: E402
from cgn_nb.distributed import torchrun_command  # noqa: E402
from cgn_nb.ensemble import toy_images, write_image_folder, write_cf_folder  # noqa: E402
from cgn_nb.cli import cgn_train_ensemble  # noqa: E402
from cgn_nb.imagenet import ImageNetCGN, NoiseDL, train_imagenet_cgn  # noqa: E402

WORKER = Path(__file__).parent/'dist_worker.py'
TIMEOUT_S = 300  # the launch takes 30-80 s on 2 shared cores at load 2-11, more under heavier load; this stops a hang


def close(a: dict, b: dict, tol: float = 1e-5):
    "Every tensor of state dict `a` equals `b`'s to float rounding (the ranks add in another order than one process)."
    assert list(a) == list(b)
    for k in a:
        gap = (a[k].double() - b[k].double()).abs().max().item() if a[k].numel() else 0.
        assert gap <= tol * (1 + b[k].double().abs().max().item()), f'{k}: max gap {gap:.3g}'


def heads(path: Path) -> dict:
    "The three CGN heads of a checkpoint as one flat state dict."
    return {f'{h}.{k}': v for h, sd in torch.load(path, weights_only=True)['heads'].items() for k, v in sd.items()}


def adam_close(a: Path, b: Path, steps: int):
    "Two CGN checkpoints after `steps` Adam steps agree: all but 1 % of the weights to 1e-5, all of them to 1e-4 relative."
    wa, wb = (torch.cat([v.double().flatten() for v in heads(p).values()]) for p in (a, b))
    gap = (wa - wb).abs()
    assert (gap > 1e-5).double().mean() < 0.01 and gap.norm() < 1e-4 * wb.norm(), f'{a}: {(gap > 1e-5).double().mean():.2e}, {gap.max():.2e}'
    assert gap.max() <= 2 * steps * max(cgn_config(4).lrs), gap.max()  # an Adam step moves a weight by at most its lr


def runs(root: Path):
    "Toy data, the one-process runs, one two-rank launch, and the one-process resumes of two-rank checkpoints."
    g = torch.Generator().manual_seed(0)
    for split, n in (('train', 16), ('val', 8)):
        y = torch.arange(4).repeat_interleave(n // 4)
        write_image_folder(root/'real'/split, toy_images(y, y, y, g=g), y)
        lab = torch.randint(0, 4, (n, 3), generator=g)
        write_cf_folder(root/'cf'/f'{split}_run', toy_images(*lab.T, g=g), lab)
    ref = cgn_train_ensemble(ensemble_args(root, 'ens_R', 2, 8))                # one process, batch 8: the reference
    cgn_train_ensemble(ensemble_args(root, 'ens_D', 1, 8))                      # its first epoch, for two ranks to resume
    train_imagenet_cgn(cgn_config(4), root/'cgn_R', epochs=2, sheet_every=None, device='cpu')
    train_imagenet_cgn(cgn_config(4), root/'cgn_D', epochs=1, sheet_every=None, device='cpu')
    shutil.copy(root/'cgn_D'/'ckpt_last.pth', root/'cgn_1step_one.pth')
    r = subprocess.run(torchrun_command(2, str(WORKER), str(root)), capture_output=True, text=True, timeout=TIMEOUT_S)
    assert r.returncode == 0, f'two-rank launch failed:\n{r.stdout[-3000:]}\n{r.stderr[-5000:]}'
    shutil.copy(root/'cgn_C'/'ckpt_last.pth', root/'cgn_1step_two.pth')
    cgn_train_ensemble(ensemble_args(root, 'ens_C', 2, 8, resume=True))        # one process resumes the two-rank epoch
    train_imagenet_cgn(cgn_config(4), root/'cgn_C', epochs=2, resume=True, sheet_every=None, device='cpu')
    return ref


def shards_are_disjoint_and_cover_the_data(root):
    seen = [json.loads((root/f'rank{r}.json').read_text()) for r in range(2)]
    for split, n_real, n_cf in (('train', 16, 16), ('valid', 8, 8)):
        for part, n in (('real', n_real), ('cf', n_cf)):
            a, b = (s[split][part] for s in seen)
            assert not set(a) & set(b), (split, part, a, b)
            assert sorted(a + b) == list(range(n)), (split, part)
    u = [torch.tensor(s['noise']) for s in seen]
    one = NoiseDL(8, 4, z_dim=8, n_classes=10, seed=0, rank=0, world=1).one_batch()[0]
    assert torch.equal(u[0], one[0::2]) and torch.equal(u[1], one[1::2])       # the ranks split one global batch


def ranks_hold_identical_weights(root):
    for name in ('ens_B', 'cgn_B'):
        a, b = (torch.load(root/f'{name}_rank{r}.pt', weights_only=True) for r in range(2))
        sd_a, sd_b = ({f'{h}.{k}': v for h, s in d.items() for k, v in s.items()} if name == 'cgn_B' else d for d in (a, b))
        for k in sd_a: assert torch.equal(sd_a[k], sd_b[k]), f'{name}: ranks differ in {k}'


def two_ranks_equal_one_process_with_twice_the_batch(root, ref):
    one = torch.load(root/'ens_R'/'ensemble_last.pth', weights_only=True)
    two = torch.load(root/'ens_B'/'ensemble_last.pth', weights_only=True)
    close(two['model'], one['model'])
    for s2, s1 in zip(two['opt']['state'], one['opt']['state']): close({'m': s2['grad_avg']}, {'m': s1['grad_avg']})
    with open(root/'ens_B'/'history.csv') as f: last = list(csv.DictReader(f))[-1]  # rank 0's log of the two-rank run
    for name, v in zip(ref.recorder.metric_names[1:-1], ref.recorder.values[-1]):   # the metrics, reduced over the ranks
        assert abs(float(last[name]) - v) < 1e-4, (name, last, v)
    adam_close(root/'cgn_B'/'ckpt_last.pth', root/'cgn_R'/'ckpt_last.pth', steps=2)


def cgn_first_step_same_gradient_and_per_head_learning_rates(root):
    "One Adam step of 2 passes: two ranks of batch 2 against one process of batch 4."
    two, one = (torch.load(root/f'cgn_1step_{n}.pth', weights_only=True) for n in ('two', 'one'))
    for s2, s1 in zip(two['opt']['state'], one['opt']['state']):   # grad_avg = 0.1 g: the accumulated, averaged gradient
        if 'grad_avg' in s1: assert (s2['grad_avg'] - s1['grad_avg']).norm() <= 1e-3 * s1['grad_avg'].norm() + 1e-12
    adam_close(root/'cgn_1step_two.pth', root/'cgn_1step_one.pth', steps=1)
    start = ImageNetCGN(cgn_config(4))                                  # the weights before the step (fixed seeds)
    for name, lr in zip(('f_shape', 'f_text', 'f_bg'), cgn_config(4).lrs):
        w0 = dict(getattr(start, name).named_parameters())
        step = torch.cat([(two['heads'][name][k] - p.detach()).abs().flatten() for k, p in w0.items()])
        assert abs(step[step > 0].median().item() - lr) < 0.05 * lr, (name, step[step > 0].median().item(), lr)


def checkpoint_moves_between_two_ranks_and_one(root, name):
    "C: two ranks, then one process resumes; D: one process, then two ranks resume. Both end where the straight run ends."
    if name.startswith('ens'):
        close(torch.load(root/name/'ensemble_last.pth', weights_only=True)['model'],
              torch.load(root/'ens_R'/'ensemble_last.pth', weights_only=True)['model'])
    else: adam_close(root/name/'ckpt_last.pth', root/'cgn_R'/'ckpt_last.pth', steps=2)


def test_two_ranks_against_one(tmp_path):
    "One test, so that pytest-xdist runs the launch once; each check names what failed."
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')                                        # random VGG16, tiny data: expected warnings
        ref = runs(tmp_path)
    shards_are_disjoint_and_cover_the_data(tmp_path)
    ranks_hold_identical_weights(tmp_path)
    two_ranks_equal_one_process_with_twice_the_batch(tmp_path, ref)
    cgn_first_step_same_gradient_and_per_head_learning_rates(tmp_path)
    for name in ('ens_C', 'ens_D', 'cgn_C', 'cgn_D'): checkpoint_moves_between_two_ranks_and_one(tmp_path, name)
