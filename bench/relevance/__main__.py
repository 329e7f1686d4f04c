"""``python -m bench.relevance``: measure refsearch against FTS5 on the judged needs."""
import sys

from .cli import main

sys.exit(main())
