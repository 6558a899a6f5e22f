"""The records folder: finding it, reading its files, the models of its records."""
