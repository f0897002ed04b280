#!/usr/bin/env python3
# A loopback AppSocket printer for socket-device.sh: records what each connection sends.
# SPDX-License-Identifier: Apache-2.0
# Copyright 2026 The ippd authors
#
# Usage: socket-listener.py MODE PORT_FILE OUT_PREFIX
#   record  each connection's bytes go to OUT_PREFIX.N (N = 1, 2, ...); the file appears
#           complete (renamed into place) once the peer has half-closed and we closed
#   early   reads 1000 bytes of each connection, then closes it (data left unread: a reset)
#   silent  reads everything but never closes after the peer's half-close (until killed)
# Listens on 127.0.0.1 at an ephemeral port, written to PORT_FILE.  Standard library only.
import os
import socket
import sys


def main():
    mode, port_file, prefix = sys.argv[1], sys.argv[2], sys.argv[3]
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", 0))
    srv.listen(8)
    with open(port_file + ".tmp", "w") as f:
        f.write(str(srv.getsockname()[1]))
    os.rename(port_file + ".tmp", port_file)
    n = 0
    keep = []
    while True:
        conn, _ = srv.accept()
        n += 1
        conn.settimeout(60)
        if mode == "early":
            got = 0
            while got < 1000:
                b = conn.recv(1000 - got)
                if not b:
                    break
                got += len(b)
            conn.close()
            with open("%s.%d" % (prefix, n), "w") as f:
                f.write(str(got))
            continue
        tmp = "%s.%d.part" % (prefix, n)
        with open(tmp, "wb") as f:
            while True:
                b = conn.recv(65536)
                if not b:
                    break
                f.write(b)
        if mode == "silent":
            keep.append(conn)
            os.rename(tmp, "%s.%d" % (prefix, n))
            continue
        conn.close()
        os.rename(tmp, "%s.%d" % (prefix, n))


if __name__ == "__main__":
    main()
