"""Forms of the transfer table's pages (thin: the rules are in services)."""
