"""Every read of bekostiging that crosses a permission boundary, and its read models."""
