"""Terraform plans (``terraform show -json``): the plan loader (:mod:`.loader`), building the
planned and prior resources, and mapping them to their ``.tf`` source. The plan gates that
judge what a plan changes are an engine step: :mod:`policycheck.engine.gates`."""
