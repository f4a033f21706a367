"""Kubernetes manifests: parsing documents into resources, rendering Helm charts and overlays.

The engine's entry module is :mod:`policycheck.loaders.kubernetes`.
"""
