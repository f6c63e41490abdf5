"""``python -m decision_tree``: see :mod:`decision_tree.cli`."""

import sys

from .cli import main

sys.exit(main())
