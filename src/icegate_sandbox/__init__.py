"""icegate_sandbox: a stand-in for the parts of ICEGATE icportal depends on (docs/icegate-sandbox.md).

It never imports icportal, and icportal never imports it: the two talk over HTTP only.
"""
