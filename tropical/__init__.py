"""tropical recurrences and region enumeration (not built yet: issue 3; this package is an empty placeholder)."""

__all__: list[str] = []
