"""``python build.py`` is ``atlasgen build``: builds the site of this folder into _site/."""

import sys

from atlasgen.cli import run

if __name__ == "__main__":
    run(["build", *sys.argv[1:]])
