"""A small static file server for a built site that gzips text, as real hosts do.

Lighthouse judges transfer sizes, so the site must be served compressed, as
GitHub Pages and every CDN would serve it. Files are compressed once and kept
in memory. Use it from Python (:func:`serving`) or on its own::

    python bench/serve.py SITE_DIR --port 8123
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

COMPRESSIBLE = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".map": "application/json",
}


@functools.lru_cache(maxsize=512)
def _compressed(path: str, mtime: float) -> bytes:
    with open(path, "rb") as handle:
        return gzip.compress(handle.read(), compresslevel=6, mtime=0)


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files of ``directory``, gzipped when the client accepts it."""

    def send_head(self) -> Any:
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not urlsplit(self.path).path.endswith("/"):
                return super().send_head()  # the standard redirect to "dir/"
            path = os.path.join(path, "index.html")
        kind = COMPRESSIBLE.get(os.path.splitext(path)[1])
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if kind is None or not accepts or not os.path.isfile(path):
            if not os.path.exists(path) and os.path.isfile(self._not_found_page()):
                return self._send_not_found()
            return super().send_head()
        body = _compressed(path, os.path.getmtime(path))
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        return io.BytesIO(body)

    def _not_found_page(self) -> str:
        return os.path.join(str(self.directory), "404.html")

    def _send_not_found(self) -> Any:
        body = Path(self._not_found_page()).read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serving(root: Path, port: int) -> Iterator[str]:
    """Serve *root* on ``http://127.0.0.1:PORT/`` in a thread; yield that address."""
    handler = functools.partial(GzipHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", type=Path, help="the built site")
    parser.add_argument("--port", type=int, default=8123)
    args = parser.parse_args()
    with serving(args.root, args.port) as url:
        print(f"Serving {args.root} gzipped on {url} (Ctrl+C stops)")
        threading.Event().wait()


if __name__ == "__main__":
    main()
