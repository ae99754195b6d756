"""Pages of function III: the sociale kaart, the deliveries and the coordinators' pages."""
