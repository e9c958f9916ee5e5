"""Starting a PKI server process: a taken address is said, not mistaken for ours."""

from __future__ import annotations

import socket

import pytest

from dev_pki import process


def test_a_taken_port_is_reported_with_the_servers_own_words(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]

        with pytest.raises(process.NotStarted) as caught:
            process.start(tmp_path, port=port)

    assert f"127.0.0.1:{port}" in str(caught.value)
    assert "Address already in use" in str(caught.value)


def test_another_pki_on_the_address_is_not_taken_for_ours(pki, tmp_path):
    """The session's server answers /healthz there, but for another PKI (generation)."""
    port = int(pki.url.rstrip("/").rsplit(":", 1)[1])

    with pytest.raises(process.NotStarted):
        process.start(tmp_path, port=port, deadline=60)
