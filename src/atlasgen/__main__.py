"""``python -m atlasgen``."""

import sys

from .cli import main

sys.exit(main())
