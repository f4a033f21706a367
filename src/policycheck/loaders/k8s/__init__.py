"""Kubernetes manifests: parsing documents into resources, rendering Helm charts and overlays.

The loaders of the table are in :mod:`policycheck.loaders.k8s.loader`.
"""
