"""Benchmarks (`make bench`): build time by stage, scaling on synthetic data, page weight and
Lighthouse scores in Debian's chromium. Writes BENCHMARKS.md. Not part of `make test`."""
