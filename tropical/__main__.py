"""Command-line entry point (not built yet: issue 3)."""

import sys

print("python -m tropical: not built yet (tropical recurrences and region enumeration, issue 3)", file=sys.stderr)
sys.exit(2)
