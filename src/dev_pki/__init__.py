"""A development PKI: a CA with real OCSP, CRL and RFC 3161 timestamp services over HTTP.

Development and test tooling only, never part of a deployment: `make run` and the test suite start
`python -m dev_pki serve`, and the development signing certificates (documents/devkeys.py) come
from it. Keys and certificates live in one directory (var/keys in development); see
docs/documents.md, "Development PKI".
"""

from .keys import Pki, build, load

__all__ = ["Pki", "build", "load"]
