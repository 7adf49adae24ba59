"""Benchmarks: `make bench` runs them and rewrites BENCHMARKS.md. Never part of the test suite."""
