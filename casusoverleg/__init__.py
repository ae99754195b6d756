"""Function IV, the domeinoverstijgend casusoverleg (R-DOC-1 … R-DOC-5 in docs/domain.md): not built yet."""
