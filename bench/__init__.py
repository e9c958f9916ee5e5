"""Benchmarks and the synthetic data generator (see docs/operations.md, "Measuring at scale")."""
