"""Cao Bằng Open Data: the pipeline behind the site.

Stages, one sub-package or module each:
load -> validate -> derive -> render -> publish.
`build.py` is the command line over :mod:`cbod.pipeline`.
"""
