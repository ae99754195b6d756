"""Forms of function IV's pages (thin: the rules are in services)."""
