"""Reads of function II: the anonymous demand picture (``vraagbeeld``)."""
