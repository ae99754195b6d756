"""Function II, the transfermechanisme (R-TR-1 … R-TR-7 in docs/domain.md): not built yet."""
