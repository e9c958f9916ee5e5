"""Signed ICs for the download tests: the documents tests' office identity and issuing."""

from tests.documents.conftest import identity, issued, keys_dir, passphrase_env  # noqa: F401
