"""Live collectors: what runs in an AWS account (``aws``) or a Kubernetes cluster (``k8s``),
read with read-only calls."""
