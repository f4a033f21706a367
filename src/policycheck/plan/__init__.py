"""Terraform plans (``terraform show -json``): building the planned and prior resources, mapping
them to their ``.tf`` source, and the plan gates (PC-PLAN-001, PC-PLAN-002, PC-DRIFT-003)."""
