"""A TCP relay in front of the real PostgreSQL server that can cut a connection at
the worst moment: after the server has answered COMMIT, before the client hears it.
The transaction is then committed but the client only sees a lost connection, which
pg_terminate_backend cannot produce. Not a mock: every byte goes to the real server."""

from __future__ import annotations

import contextlib
import socket
import threading

# psycopg sends COMMIT as a simple Query message: 'Q', int32 length, "COMMIT\0".
COMMIT_QUERY = b"Q\x00\x00\x00\x0bCOMMIT\x00"


class CuttingProxy:
    def __init__(self, upstream_host: str, upstream_port: int) -> None:
        self.upstream = (upstream_host, upstream_port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.cut_next_commit = threading.Event()  # arm: cut after the next COMMIT
        self.cuts = 0
        self.down = threading.Event()  # set: the "server" is gone (connections refused)
        self._lock = threading.Lock()
        self._open: list[socket.socket] = []
        self._closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if self.down.is_set():
                self._close(client)
                continue
            server = socket.create_connection(self.upstream)
            with self._lock:
                self._open += [client, server]
            state = {"cut_pending": False}
            threading.Thread(target=self._up, args=(client, server, state), daemon=True).start()
            threading.Thread(target=self._down, args=(server, client, state), daemon=True).start()

    def _up(self, client: socket.socket, server: socket.socket, state: dict) -> None:
        try:
            while data := client.recv(65536):
                if COMMIT_QUERY in data and self.cut_next_commit.is_set():
                    self.cut_next_commit.clear()
                    state["cut_pending"] = True  # before sending: the answer may be quick
                server.sendall(data)
        except OSError:
            pass
        finally:
            self._close(client, server)

    def _down(self, server: socket.socket, client: socket.socket, state: dict) -> None:
        try:
            while data := server.recv(65536):
                if state["cut_pending"]:
                    # The server committed and said so; the client never hears it.
                    with self._lock:
                        self.cuts += 1
                    break
                client.sendall(data)
        except OSError:
            pass
        finally:
            self._close(client, server)

    @staticmethod
    def _close(*socks: socket.socket) -> None:
        for sock in socks:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def go_down(self) -> None:
        """As if the server went away: every connection is cut, new ones closed."""
        self.down.set()
        with self._lock:
            self._close(*self._open)
            self._open.clear()

    def come_back(self) -> None:
        self.down.clear()

    def close(self) -> None:
        self.listener.close()
        with self._lock:
            self._close(*self._open)
