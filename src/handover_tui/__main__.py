"""Run as ``python -m handover_tui``: the same as the ``handover`` command."""

import sys

from handover_tui.cli import main

sys.exit(main())
