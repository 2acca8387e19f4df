"""``python -m workreport``: see :mod:`workreport.cli`."""

import sys

from .cli import main

sys.exit(main())
