"""Madoguchi (窓口): an open-source digital city hall for Japanese municipalities."""

__version__ = "0.1.0"
