"""`serve`: the assistant for browsers, on loopback unless told otherwise."""
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def listening_addresses(port: int) -> set[str]:
    """Local addresses listening on a TCP port, from /proc/net/tcp (IPv4)."""
    out = set()
    for line in open("/proc/net/tcp").read().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        addr, p = local.split(":")
        if int(p, 16) == port and state == "0A":
            out.add(socket.inet_ntoa(bytes.fromhex(addr)[::-1]))
    return out


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_serve_answers_on_loopback_and_stops_cleanly(tmp_path):
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "assistant", "serve", "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path,
    )
    try:
        page = None
        end = time.monotonic() + 30
        while time.monotonic() < end and page is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
                    assert response.status == 200
                    page = response.read().decode("utf-8")
            except OSError:
                time.sleep(0.2)
        assert page is not None, "the server never answered"
        assert "Integration Assistant" in page
        assert f"ws://127.0.0.1:{port}/ws" in page  # each browser opens its own session over this
        assert listening_addresses(port) == {"127.0.0.1"}
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            pytest.fail("the server did not stop on SIGINT")
    err = proc.stderr.read()
    assert "Traceback" not in err
    assert proc.returncode in (0, -signal.SIGINT, 130)


def test_serve_refuses_a_bad_port():
    p = subprocess.run([sys.executable, "-m", "assistant", "serve", "--port", "70000"], capture_output=True, text=True)
    assert p.returncode == 2
    assert p.stderr.count("\n") == 1 and "70000" in p.stderr
