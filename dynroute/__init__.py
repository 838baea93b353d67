__version__ = "0.1.0"

import warnings as _w
# fastai 2.8 compiles a few layers with torch.jit.script, which torch 2.14 reports as deprecated on every import.
_w.filterwarnings('ignore', message=r'`torch.jit.script` is deprecated', category=FutureWarning)
