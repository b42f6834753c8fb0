__version__ = "0.1.0"

# fastai 2.8.7 calls `torch.jit.script` while it is imported, which torch 2.14 deprecates with a FutureWarning that
# the reader can do nothing about. Import that part of fastai once here, quietly; every other warning stays on.
import warnings as _warnings
with _warnings.catch_warnings():
    _warnings.filterwarnings('ignore', message=r'`torch\.jit\.script` is deprecated', category=FutureWarning)
    import fastai.torch_core, fastai.layers  # noqa: F401
