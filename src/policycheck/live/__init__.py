"""Live collectors: read what runs in an AWS account or a Kubernetes cluster (read-only calls)."""
