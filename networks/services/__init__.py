"""Every write of the networks app, one module per feature."""
