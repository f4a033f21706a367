from policycheck.cli import entry

entry()
