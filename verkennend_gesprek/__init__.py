"""Function I: the verkennend gesprek (R-VG-1 … R-VG-9)."""
