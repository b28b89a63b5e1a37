"""Records of this app; see the package docstring."""
