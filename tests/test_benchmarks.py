"""Every benchmark runs in seconds with `--smoke`, so none can rot: it must exit 0 and print the hardware it ran on
and its wall time and peak memory (`benchmarks/_common.py`)."""
import os, subprocess, sys
from pathlib import Path
import pytest

BENCH = Path(__file__).resolve().parents[1]/'benchmarks'
SCRIPTS = sorted(p.name for p in BENCH.glob('*.py') if not p.name.startswith('_'))

@pytest.mark.parametrize('script', SCRIPTS)
def test_benchmark_smoke(script, tmp_path):
    env = {**os.environ, 'OMP_NUM_THREADS': '1', 'MPLBACKEND': 'Agg', 'CGN_RUNS': str(tmp_path)}
    r = subprocess.run([sys.executable, str(BENCH/script), '--smoke'], capture_output=True, text=True, cwd=tmp_path,
                       env=env, timeout=600)
    assert r.returncode == 0, f'{script} --smoke failed:\n{r.stdout[-3000:]}\n{r.stderr[-3000:]}'
    assert 'hardware:' in r.stdout and 'peak memory' in r.stdout, f'{script} --smoke did not report its hardware and wall time:\n{r.stdout[-2000:]}'
