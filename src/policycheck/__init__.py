"""policycheck: production-readiness policies for infrastructure as code and live systems."""

__version__ = "0.1.0"
