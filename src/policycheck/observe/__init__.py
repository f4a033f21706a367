"""Observability of unattended runs: structured logs on stderr and Prometheus metrics files."""
