"""Function III: informatievoorziening wachttijden en aanbod (R-WT-1 … R-WT-8)."""
