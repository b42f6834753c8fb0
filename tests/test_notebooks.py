"""Run every course notebook as a pytest test, tiny and on CPU (IN_TEST=1), with nbdev's runner.

nbdev's runner honours `#| eval: false` and the `tst_flags` of settings.ini (`slow`, `cuda`): such cells are
skipped unless their flag is given in the environment variable CGN_TEST_FLAGS (e.g. "slow cuda").
Folders with a `.notest` file (nbs/experiments) are skipped, as nbdev_test does.
"""
import os
from pathlib import Path
import pytest
import nbdev.test as nbt

NBS = Path(__file__).resolve().parents[1]/'nbs'
SKIP_FLAGS = ['slow', 'cuda']
FORCE = os.environ.get('CGN_TEST_FLAGS', '').split()

def _notebooks():
    for p in sorted(NBS.rglob('*.ipynb')):
        rel = p.relative_to(NBS)
        if any(part.startswith(('_', '.')) for part in rel.parts): continue
        if any((NBS/Path(*rel.parts[:i])/'.notest').exists() for i in range(len(rel.parts))): continue
        yield rel

@pytest.mark.parametrize('nb', list(_notebooks()), ids=str)
def test_notebook(nb, monkeypatch):
    monkeypatch.setenv('IN_TEST', '1')
    monkeypatch.chdir(NBS/nb.parent)
    ok, secs = nbt.test_nb(NBS/nb, skip_flags=[f for f in SKIP_FLAGS if f not in FORCE], force_flags=FORCE, do_print=False)
    assert ok, f'notebook {nb} failed (see the traceback above)'
