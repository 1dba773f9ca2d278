"""Command-line entry point (not built yet: issue 4)."""

import sys

print("python -m fibers: not built yet (symmetries, fibers and equivalence deciders, issue 4)", file=sys.stderr)
sys.exit(2)
