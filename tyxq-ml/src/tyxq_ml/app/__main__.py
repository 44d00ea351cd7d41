"""``python -m tyxq_ml.app`` (and ``torchrun -m tyxq_ml.app``): the ``tyxq-ml`` command."""

import sys

from .launch import main

sys.exit(main())
