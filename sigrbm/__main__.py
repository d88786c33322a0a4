"""``python -m sigrbm``."""

import sys

from sigrbm.cli.main import main

sys.exit(main())
