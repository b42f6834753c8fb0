"Shared test settings: tests read MNIST and textures from ../shared/data unless CGN_DATA says otherwise."
import os
from pathlib import Path

_shared = Path(__file__).resolve().parents[2]/'shared'/'data'
if 'CGN_DATA' not in os.environ and _shared.is_dir(): os.environ['CGN_DATA'] = str(_shared)
os.environ.setdefault('OMP_NUM_THREADS', '1')
