"""A TLS terminator for pinflow's tests: accepts TLS on 127.0.0.1:PORT with CERT/KEY and pipes
the bytes to a plain-TCP upstream (the Prefect server). Usage: tlsproxy.py PORT UPSTREAM_PORT CERT KEY"""

import socket
import ssl
import sys
import threading


def pipe(src, dst):
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            dst.sendall(data)
    except OSError:
        pass
    finally:
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def main():
    port, upstream, cert, key = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    listener = socket.create_server(("127.0.0.1", port))
    while True:
        raw, _ = listener.accept()
        try:
            client = ctx.wrap_socket(raw, server_side=True)
        except (ssl.SSLError, OSError):
            raw.close()
            continue
        server = socket.create_connection(("127.0.0.1", upstream))
        threading.Thread(target=pipe, args=(client, server), daemon=True).start()
        threading.Thread(target=pipe, args=(server, client), daemon=True).start()


if __name__ == "__main__":
    main()
