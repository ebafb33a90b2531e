#!/usr/bin/python3
"""A scriptable SMTP server for maildesk's outbound tests and benchmark (aiosmtpd, loopback only).

  /usr/bin/python3 scripts/smtp-test-server.py --dir DIR [--port 0] [--tls-cert C --tls-key K] [--auth USER:PASS]

Every accepted message is written byte for byte to DIR/NNNNNN.eml with its envelope in DIR/NNNNNN.json
({"mail_from", "rcpt_tos", "received_at", "peer"}), under a temporary name first, so a reader never sees half a file.
The listening port is written to DIR/port once the server accepts connections.

Scripted answers, read from DIR/control.json at each command (missing file: accept everything):
  {"rcpt": {"bad@example.com": "550 5.1.1 No such user"},     a fixed answer per recipient
   "data": ["451 4.3.0 Try again later", "250"],              answers to the next DATA commands, in order
                                                               ("250" accepts); consumed one per DATA
   "data_delay": 0.5}                                          seconds to wait before answering DATA
With --tls-cert and --tls-key the server offers STARTTLS; with --auth it offers AUTH PLAIN and LOGIN and
refuses mail from a client that did not authenticate.
"""
import argparse
import asyncio
import itertools
import json
import os
import signal
import ssl
import threading
import time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


class Scripted:
    def __init__(self, directory, require_auth):
        self.dir = directory
        self.require_auth = require_auth
        os.makedirs(directory, exist_ok=True)
        existing = [int(n[:6]) for n in os.listdir(directory) if n.endswith(".eml") and n[:6].isdigit()]
        self.counter = itertools.count(max(existing, default=0) + 1)
        self.lock = threading.Lock()

    def control(self):
        try:
            with open(os.path.join(self.dir, "control.json")) as f:
                return json.load(f)
        except (OSError, ValueError):
            return {}

    def pop_data_answer(self):
        with self.lock:
            control = self.control()
            answers = control.get("data") or []
            if not answers:
                return None, control
            answer = answers.pop(0)
            control["data"] = answers
            tmp = os.path.join(self.dir, "control.json.tmp")
            with open(tmp, "w") as f:
                json.dump(control, f)
            os.rename(tmp, os.path.join(self.dir, "control.json"))
            return answer, control

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if self.require_auth and not session.authenticated:
            return "530 5.7.0 Authentication required"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 2.1.0 Ok"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        answer = self.control().get("rcpt", {}).get(address.lower())
        if answer:
            return answer
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 Ok"

    async def handle_DATA(self, server, session, envelope):
        answer, control = self.pop_data_answer()
        delay = float(control.get("data_delay", 0) or 0)
        if delay:
            await asyncio.sleep(delay)  # other connections go on meanwhile
        if answer and not answer.startswith("250"):
            return answer
        with self.lock:
            n = next(self.counter)
        base = os.path.join(self.dir, "%06d" % n)
        peer = session.peer if isinstance(session.peer, tuple) else (str(session.peer), 0)
        meta = {"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos, "received_at": time.time(),
                "peer": "%s:%s" % (peer[0], peer[1])}
        with open(base + ".json.tmp", "w") as f:
            json.dump(meta, f)
        with open(base + ".eml.tmp", "wb") as f:
            f.write(envelope.original_content)
        os.rename(base + ".json.tmp", base + ".json")
        os.rename(base + ".eml.tmp", base + ".eml")
        return "250 2.0.0 Ok: queued as %06d" % n


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--dir", required=True)
    ap.add_argument("--tls-cert")
    ap.add_argument("--tls-key")
    ap.add_argument("--auth", help="USER:PASSWORD")
    args = ap.parse_args()

    handler = Scripted(args.dir, require_auth=bool(args.auth))
    kwargs = dict(hostname="127.0.0.1", port=args.port, ident="maildesk-test-smtp", enable_SMTPUTF8=True,
                  decode_data=False, data_size_limit=52428800)
    if args.tls_cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.tls_cert, args.tls_key)
        kwargs.update(tls_context=context, require_starttls=False)
    if args.auth:
        user, password = args.auth.split(":", 1)

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = auth_data.login.decode() == user and auth_data.password.decode() == password
            return AuthResult(success=ok)

        kwargs.update(authenticator=authenticator, auth_require_tls=bool(args.tls_cert))
    if args.port == 0:
        # aiosmtpd needs a concrete port: take a free one from the kernel.
        import socket
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            kwargs["port"] = s.getsockname()[1]
    controller = Controller(handler, **kwargs)
    controller.start()
    with open(os.path.join(args.dir, "port.tmp"), "w") as f:
        f.write(str(kwargs["port"]))
    os.rename(os.path.join(args.dir, "port.tmp"), os.path.join(args.dir, "port"))
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *a: stop.set())
    signal.signal(signal.SIGINT, lambda *a: stop.set())
    while not stop.wait(0.2):  # a bare wait() would not let the signal handler run
        pass
    controller.stop()


if __name__ == "__main__":
    main()
