"""Reads of function II: who sees and manages which transfer table (``tafels``) and the
anonymous demand picture (``vraagbeeld``)."""
