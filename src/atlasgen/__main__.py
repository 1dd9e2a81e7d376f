"""``python -m atlasgen``."""

from .cli import run

run()
