"""``python -m predshare``: the command line."""

import sys

from predshare.cli import main

sys.exit(main())
