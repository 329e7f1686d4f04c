"""``python -m bench.reliability``: the reliability run (see ``run``)."""
import sys

from bench.reliability.run import main

sys.exit(main())
