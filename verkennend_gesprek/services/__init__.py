"""Every write of the verkennend gesprek: one module per feature."""
