"""Reads of function III that cross a permission boundary, and its read models."""
