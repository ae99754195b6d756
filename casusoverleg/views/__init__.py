"""Pages of function IV, the domeinoverstijgend casusoverleg."""
