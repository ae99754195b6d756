"""Benchmarks at national scale: ``python -m bench`` (see docs/benchmarks.md).

The harness builds a synthetic dataset (44 IZA-regions, ~5,000 organisations,
~10,000 users) in its own PostgreSQL database and prints every figure as
``name: value unit`` next to a bare baseline measured in the same run.
"""
