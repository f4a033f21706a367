"""ACME's policycheck policies; the ``policycheck.policies`` entry point names ``POLICIES``."""

from policycheck_acme.instance_class import check as instance_class

POLICIES = [instance_class]
