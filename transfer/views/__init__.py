"""Pages of function II: the transfer tables and their meetings."""
