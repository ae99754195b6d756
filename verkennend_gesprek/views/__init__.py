"""Browser pages of the verkennend gesprek: one module per feature (routes in urls.py)."""
