"""``python -m reluexact``: the same as the ``reluexact`` command."""

import sys

from reluexact import main

if __name__ == "__main__":
    sys.exit(main())
