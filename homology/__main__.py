"""Command-line entry point (not built yet: issue 5)."""

import sys

print("python -m homology: not built yet (homology over Z and decompositions, issue 5)", file=sys.stderr)
sys.exit(2)
