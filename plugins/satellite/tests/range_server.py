#!/usr/bin/env python3
"""Serves a folder over HTTP with byte ranges (what GDAL's /vsicurl/ needs for COGs).

Usage: range_server.py ROOT. Listens on 127.0.0.1 on a free port, prints "PORT <n>" on the
first line of stdout, and one line "RANGE <path> <first>-<last>" per partial response.
"""
import http.server
import os
import re
import sys


class RangeHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def send_head(self):
        path = self.translate_path(self.path)
        if not os.path.isfile(path):
            self.send_error(404, "not found")
            return None
        size = os.path.getsize(path)
        match = re.match(r"bytes=(\d+)-(\d*)$", self.headers.get("Range", ""))
        f = open(path, "rb")
        if not match:
            self.send_response(200)
            self.send_header("Content-Length", str(size))
            self.send_header("Accept-Ranges", "bytes")
            self.end_headers()
            return f
        first = int(match.group(1))
        last = min(size - 1, int(match.group(2)) if match.group(2) else size - 1)
        if first >= size:
            f.close()
            self.send_error(416, "range not satisfiable")
            return None
        f.seek(first)
        self.send_response(206)
        self.send_header("Content-Range", "bytes %d-%d/%d" % (first, last, size))
        self.send_header("Content-Length", str(last - first + 1))
        self.send_header("Accept-Ranges", "bytes")
        self.end_headers()
        print("RANGE %s %d-%d" % (self.path, first, last), flush=True)
        return _Window(f, last - first + 1)


class _Window:
    """The requested byte range of a file, for copyfile()."""

    def __init__(self, f, length):
        self.f, self.left = f, length

    def read(self, n=-1):
        n = self.left if n < 0 else min(n, self.left)
        data = self.f.read(n)
        self.left -= len(data)
        return data

    def close(self):
        self.f.close()


if __name__ == "__main__":
    os.chdir(sys.argv[1])
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), RangeHandler)
    print("PORT %d" % server.server_address[1], flush=True)
    server.serve_forever()
