"""Bekostiging: contracts, verdeelsleutel, lumpsums, declarations (R-BK-*, R-NW-4)."""
