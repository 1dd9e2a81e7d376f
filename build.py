"""``python build.py`` is ``atlasgen build``: builds the site of this folder into _site/."""

import sys

from atlasgen.cli import main

if __name__ == "__main__":
    sys.exit(main(["build", *sys.argv[1:]]))
