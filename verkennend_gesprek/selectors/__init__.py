"""Every read of the verkennend gesprek that crosses a permission boundary, and its read models."""
