"""Suppressions by role: :mod:`.syntax` parses the ignore syntax (loaders call it),
:mod:`.inline` applies inline ignores to findings and :mod:`.baseline` reads, writes and
applies baseline files (the engine calls both). The package imports only the model and errors.
"""
