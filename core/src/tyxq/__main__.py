"""``python -m tyxq`` runs the ``tyxq`` command (see :mod:`tyxq.cli`)."""

import sys

from .cli import main

sys.exit(main())
