"""Domain writes of function III: offers, deliveries, the overview job and the report."""
