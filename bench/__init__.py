"""Benchmarks for ordersim (not tests): `make bench` or `python -m bench [--quick]`.
See docs/benchmarks.md."""
