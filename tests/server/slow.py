"""Slow and oversized clients against `transaudit server --timeout 2`.

Usage: slow.py HOST PORT

- a body that stops arriving gets 408 once the request's deadline passes;
- headers that never finish, or never start, get the connection closed
  (10 s header timeout);
- a body announced far over the limit gets 413 at once, without being read;
- after all that the server still answers a normal check.
"""

import socket
import sys
import time

host, port = sys.argv[1], int(sys.argv[2])


def fail(msg):
    print(f"slow: FAIL: {msg}")
    sys.exit(1)


def status_of(sock, within):
    sock.settimeout(within)
    data = b""
    try:
        while b"\r\n" not in data:
            chunk = sock.recv(4096)
            if not chunk:
                break
            data += chunk
    except socket.timeout:
        return None
    return data.split(b"\r\n", 1)[0].decode("latin-1")


# A body that stops after 10 of 100 announced bytes.
s = socket.create_connection((host, port))
s.sendall(
    b"POST /v2/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
    b"Content-Length: 100\r\n\r\nlanguage=f"
)
t = time.monotonic()
line = status_of(s, 15)
if not line or " 408 " not in line + " ":
    fail(f"a stalled body got {line!r}, not 408")
print(f"  stalled body: {line} after {time.monotonic() - t:.1f} s")
s.close()

# Headers that never end.
s = socket.create_connection((host, port))
s.sendall(b"POST /v2/check HTTP/1.1\r\nHost: x\r\n")
t = time.monotonic()
s.settimeout(30)
try:
    rest = s.recv(4096)
except socket.timeout:
    fail("unfinished headers kept the connection open for 30 s")
print(f"  unfinished headers: connection closed after {time.monotonic() - t:.1f} s ({rest[:12]!r})")
s.close()

# A connection that never sends anything.
s = socket.create_connection((host, port))
t = time.monotonic()
s.settimeout(30)
try:
    s.recv(4096)
except socket.timeout:
    fail("an idle connection stayed open for 30 s")
print(f"  idle connection: closed after {time.monotonic() - t:.1f} s")
s.close()

# A body announced at 1 GB.
s = socket.create_connection((host, port))
s.sendall(
    b"POST /v2/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
    b"Content-Length: 1000000000\r\n\r\nlanguage=fr&text="
)
t = time.monotonic()
line = status_of(s, 15)
if not line or " 413 " not in line + " ":
    fail(f"a 1 GB body got {line!r}, not 413")
print(f"  1 GB body announced: {line} after {time.monotonic() - t:.2f} s")
s.close()

# Still serving.
s = socket.create_connection((host, port))
body = b"language=fr&text=Zelenskyqui+parle."
s.sendall(
    b"POST /v2/check HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
    b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: "
    + str(len(body)).encode()
    + b"\r\n\r\n"
    + body
)
line = status_of(s, 15)
if not line or " 200 " not in line + " ":
    fail(f"a normal check afterwards got {line!r}")
print("slow: ok: stalled body 408, unfinished headers and idle connection closed, oversized body 413, still serving")
