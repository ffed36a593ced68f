"""A webhook receiver as a client's system would run it, for test_webhooks_processes.py: a small HTTP server in a
process of its own, without Django.

Each request's signature is checked as Standard Webhooks asks (HMAC-SHA256 over "{id}.{timestamp}.{body}" with the
secret's bytes; a timestamp more than five minutes off is refused). The request is written to the SQLite file
`--store`: every request in `requests`, and the event in `events` only the first time its `webhook-id` comes (the
id is the idempotency key), both in one transaction. With `--die-at N` the process stores the Nth request it gets and
then dies (os._exit) without answering: the sender never hears that the event arrived, and must send it again.

    python helhed/api/tests/webhook_receiver.py --port 8765 --store received.sqlite3 --secret whsec_... [--die-at 3]
"""

import argparse
import base64
import hashlib
import hmac
import os
import sqlite3
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

TOLERANCE_SECONDS = 300
SCHEMA = """
CREATE TABLE IF NOT EXISTS requests (n INTEGER PRIMARY KEY AUTOINCREMENT, webhook_id TEXT, pid INTEGER,
                                     new INTEGER);
CREATE TABLE IF NOT EXISTS events (n INTEGER PRIMARY KEY AUTOINCREMENT, webhook_id TEXT UNIQUE, body TEXT,
                                   pid INTEGER);
"""


def signature(secret: str, msg_id: str, timestamp: str, body: bytes) -> str:
    key = base64.b64decode(secret.removeprefix("whsec_"))
    digest = hmac.new(key, f"{msg_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def verified(secret: str, headers, body: bytes) -> bool:
    msg_id, timestamp = headers.get("webhook-id", ""), headers.get("webhook-timestamp", "")
    if not msg_id or not timestamp.isdigit() or abs(time.time() - int(timestamp)) > TOLERANCE_SECONDS:
        return False
    expected = signature(secret, msg_id, timestamp, body)
    return any(hmac.compare_digest(expected, given) for given in headers.get("webhook-signature", "").split())


def make_handler(store: str, secret: str, die_at: int | None):
    count = {"n": 0}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            count["n"] += 1
            if not verified(secret, self.headers, body):
                self.send_response(401)
                self.end_headers()
                return
            msg_id = self.headers["webhook-id"]
            db = sqlite3.connect(store, timeout=30, isolation_level=None)
            try:
                db.execute("BEGIN IMMEDIATE")
                new = db.execute("INSERT OR IGNORE INTO events (webhook_id, body, pid) VALUES (?, ?, ?)",
                                 (msg_id, body.decode(), os.getpid())).rowcount
                db.execute("INSERT INTO requests (webhook_id, pid, new) VALUES (?, ?, ?)", (msg_id, os.getpid(), new))
                db.execute("COMMIT")
            finally:
                db.close()
            if count["n"] == die_at:
                os._exit(17)  # stored, never answered: as if the machine died before the response went out
            self.send_response(204)
            self.end_headers()

        def log_message(self, format, *args):
            pass

    return Handler


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--store", required=True)
    parser.add_argument("--secret", required=True)
    parser.add_argument("--die-at", type=int, default=None)
    args = parser.parse_args()
    db = sqlite3.connect(args.store)
    db.executescript(SCHEMA)
    db.close()
    server = HTTPServer(("127.0.0.1", args.port), make_handler(args.store, args.secret, args.die_at))
    print(f"receiving on {args.port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
