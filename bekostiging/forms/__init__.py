"""The forms of bekostiging, one module per feature."""
