"""`python -m dev_pki serve --dir DIR --host 127.0.0.1 --port N [--admin-key K]`.

The admin key and the TSA password may also come from the environment (DEV_PKI_ADMIN_KEY,
DEV_PKI_TSA_PASSWORD), which keeps them out of the process list.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
from pathlib import Path

from .server import make_server


def _watch_parent(server) -> None:
    parent = os.getppid()

    def watch():
        while os.getppid() == parent:
            time.sleep(1.0)
        server.shutdown()

    threading.Thread(target=watch, daemon=True).start()


def _wait(url: str, deadline: float) -> int:
    from .process import healthy

    end = time.monotonic() + deadline
    url = url if url.endswith("/") else url + "/"
    while not healthy(url):
        if time.monotonic() > end:
            print(f"no development PKI answering at {url}", file=sys.stderr)
            return 1
        time.sleep(0.1)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dev_pki", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve OCSP, CRL and TSA for the PKI in --dir")
    serve.add_argument("--dir", required=True, type=Path, help="the PKI directory (made if new)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8790, help="0: any free port")
    serve.add_argument(
        "--base-url", default="", help="the URL certificates name (default http://HOST:PORT/)"
    )
    serve.add_argument("--admin-key", default=os.environ.get("DEV_PKI_ADMIN_KEY", ""))
    serve.add_argument("--tsa-user", default=os.environ.get("DEV_PKI_TSA_USER", ""))
    serve.add_argument("--tsa-password", default=os.environ.get("DEV_PKI_TSA_PASSWORD", ""))
    serve.add_argument(
        "--exit-with-parent",
        action="store_true",
        help="stop when the process that started this one ends (test runs that crash)",
    )
    wait = commands.add_parser("wait", help="wait until the server at --url answers /healthz")
    wait.add_argument("--url", required=True)
    wait.add_argument("--deadline", type=float, default=120.0, help="seconds, then exit 1")
    args = parser.parse_args(argv)
    if args.command == "wait":
        return _wait(args.url, args.deadline)
    server = make_server(
        args.dir,
        args.host,
        args.port,
        base_url=args.base_url,
        admin_key=args.admin_key,
        tsa_user=args.tsa_user,
        tsa_password=args.tsa_password,
    )
    pki = server.pki()
    print(f"development PKI at {pki.base_url} (directory {args.dir})", flush=True)
    if not args.admin_key:
        print("admin endpoints disabled (no --admin-key)", flush=True)
    if args.exit_with_parent:
        _watch_parent(server)
    try:
        server.serve_forever(poll_interval=0.5)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
