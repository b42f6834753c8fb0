"Package-level checks that do not belong to one notebook."
import importlib, pkgutil, socket
import cgn_nb

def test_every_module_imports_without_network(monkeypatch):
    "Importing any cgn_nb module must not touch the network."
    def no_net(*a, **k): raise AssertionError('network access at import time')
    monkeypatch.setattr(socket.socket, 'connect', no_net)
    for m in pkgutil.iter_modules(cgn_nb.__path__):
        importlib.import_module(f'cgn_nb.{m.name}')

def test_version():
    assert cgn_nb.__version__

def test_import_shows_no_future_warning():
    "Importing every module in a fresh interpreter raises no FutureWarning (fastai's torch.jit one is silenced in __init__)."
    import subprocess, sys
    code = ("import importlib, pkgutil, cgn_nb\n"
            "for m in pkgutil.iter_modules(cgn_nb.__path__): importlib.import_module(f'cgn_nb.{m.name}')")
    r = subprocess.run([sys.executable, '-W', 'error::FutureWarning', '-c', code], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr[-2000:]

def test_plot_losses_from_a_fresh_import():
    "plot_losses needs only what cgn_nb.training imports (a name that only a notebook cell defined would fail here)."
    import subprocess, sys
    code = ("import matplotlib; matplotlib.use('Agg')\n"
            "from cgn_nb.training import plot_losses\n"
            "log = [{'step': s, 'adv': 1 / s, 'd_loss': 0.5} for s in range(1, 31)]\n"
            "fig = plot_losses(log, smooth=5)\n"
            "print([ax.get_title() for ax in fig.axes], len(fig.axes[0].lines[0].get_xdata()))")
    r = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr[-2000:]
    assert r.stdout.strip() == "['adv', 'd_loss'] 26", r.stdout
