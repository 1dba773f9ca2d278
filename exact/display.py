"""Small HTML tables for Jupyter (``_repr_html_``): counts and shapes, never dumps.

Examples
--------
>>> html_table("Network", [("widths", "2-3-1"), ("skips", 0)])
'<table><caption>Network</caption><tr><th>widths</th><td>2-3-1</td></tr><tr><th>skips</th><td>0</td></tr></table>'
"""

from __future__ import annotations

import html
from collections.abc import Iterable

__all__ = ["html_table"]


def html_table(caption: str, rows: Iterable[tuple[str, object]]) -> str:
    """A two-column table (name, value), every string escaped."""
    cells = "".join(f"<tr><th>{html.escape(str(k))}</th><td>{html.escape(str(v))}</td></tr>" for k, v in rows)
    return f"<table><caption>{html.escape(caption)}</caption>{cells}</table>"
