"""Every domain write of bekostiging, one module per feature."""
