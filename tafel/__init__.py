"""tafel: a facilitation companion for gesprekstafels (conversation tables)."""

__version__ = "0.1.0"
