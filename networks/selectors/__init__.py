"""Every read of the networks app that crosses a permission boundary, one module per feature."""
