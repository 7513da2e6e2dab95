"""`make test` runs the build and these tests with the network switched off (scripts/offline): this proves it."""

from __future__ import annotations

import errno
import os
import socket
import subprocess

import pytest

from ..support import ROOT


@pytest.mark.skipif(os.environ.get("SCHEMING_OFFLINE") != "1", reason="not run through scripts/offline")
def test_the_network_really_is_off() -> None:
    for host in ("1.1.1.1", "151.101.0.223"):  # a public resolver and a PyPI front end, by address
        with socket.socket() as s, pytest.raises(OSError) as err:
            s.settimeout(3)
            s.connect((host, 443))
        assert err.value.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH, errno.ECONNREFUSED), err.value
    with pytest.raises(socket.gaierror):
        socket.getaddrinfo("pypi.org", 443)
    # Loopback still works: the book's server, the kernels and Chromium use it.
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))


def test_offline_wrapper_cuts_the_network_when_it_can() -> None:
    probe = "import os, socket; s = socket.socket(); s.settimeout(3); s.connect(('1.1.1.1', 443))"
    run = subprocess.run([str(ROOT / "scripts" / "offline"), "python3", "-c", probe], capture_output=True, text=True)
    if "no private network namespace" in run.stderr:
        pytest.skip("this machine cannot make a private network namespace (needs root and unshare)")
    assert run.returncode != 0 and "Network is unreachable" in run.stderr, run.stderr
