"""Forms of the verkennend gesprek: one module per feature; they parse, the services decide."""
