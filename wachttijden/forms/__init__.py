"""Forms of function III: the sociale kaart, the deliveries and the dashboard."""
