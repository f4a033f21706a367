"""Live collectors: read what runs in an AWS account (``aws``) or a Kubernetes cluster (``k8s``) (read-only calls)."""
