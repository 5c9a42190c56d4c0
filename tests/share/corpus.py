"""Hostile request targets for the share server: hand-written ones and generated combinations."""

from __future__ import annotations

import itertools

# Ways to write "go up one folder", raw and in every encoding a server might decode (once or twice).
UP = [
    "../", "..\\", "..%2f", "..%2F", "%2e%2e/", "%2e%2e%2f", "%2E%2E%2F", ".%2e/", "%2e./", "..%5c", "%2e%2e%5c",
    "%252e%252e%252f", "%252e%252e/", "..%252f", "%25252e%25252e%25252f", "%c0%ae%c0%ae/", "%c0%ae%c0%ae%c0%af",
    "%e0%80%ae%e0%80%ae/", "%uff0e%uff0e/", "%u002e%u002e%u2215", "....//", "..;/", "..%00/", "..%c1%9c",
    "%%32%65%%32%65/", ".../", "..%u2216", "..%ef%bc%8f",
]
# Where such a path would lead if anything decoded it: beside the exports, the system, the database.
AIMS = ["secret.txt", "etc/passwd", "home/tafel.db", "{other_folder}/index.html", "proc/self/environ"]
STARTS = ["/", "/{token}/", "/{token}/summary.pdf/", "//"]
DEPTHS = [1, 2, 8]


def generated() -> list[str]:
    return [
        start + up * depth + aim
        for start, up, depth, aim in itertools.product(STARTS, UP, DEPTHS, AIMS)
        if (depth == 2 or aim in ("secret.txt", "etc/passwd"))  # keep the run short, still every encoding
    ]


HAND_WRITTEN = [
    "/", "//", "/index.html", "/summary.pdf", "/qr.png", "/table.json", "/exports/", "/secret.txt",
    "/{token}", "/{token}//", "/{token}///summary.pdf", "/{token}/index.html", "/{token}/summary.pdf/",
    "/{token}/summary.PDF", "/{token}/Summary.pdf", "/{token}/summary.pdf.", "/{token}/summary.pdf%20",
    "/{token}/qr.png", "/{token}/qr.svg", "/{token}/table.json", "/{token}/.", "/{token}/./", "/{token}/./summary.pdf",
    "/{token}/%2e/summary.pdf", "/{token}/summary%2epdf", "/{token}/summary.pdf%00", "/{token}/summary.pdf%00.html",
    "/{token}%00/", "/{token}/%00", "/{token}%2f", "/{token}%2fsummary.pdf", "/{token}%5csummary.pdf",
    "/{token}\\summary.pdf", "/{token}/summary.pdf;.html", "/{token}/summary.pdf::$DATA", "/{token}/index.html::$DATA",
    "/%2f{token}/", "/{token_first_encoded}/", "/{token_lower}/", "/{token_upper}/", "/{token_short}/", "/{token}x/",
    "/x{token}/", "/{token}{token}/", "/{unknown_token}/", "/{unknown_token}/summary.pdf", "/{unexported_token}/",
    "/{deleted_token}/", "/{deleted_token}/summary.pdf", "/{link_files_token}/", "/{link_files_token}/summary.pdf",
    "/{link_folder_token}/", "/{link_folder_token}/summary.pdf", "/{hardlink_token}/", "/{hardlink_token}/summary.pdf",
    "/evil/", "/evil/passwd", "/evil/", "/{other_folder}/", "/{other_folder}/index.html", "/{own_folder}/index.html",
    "/etc/passwd", "/%2fetc%2fpasswd", "//etc/passwd", "///etc/passwd", "/{token}//etc/passwd",
    "/{token}/%2fetc%2fpasswd", "/{token}/%252fetc%252fpasswd", "/C:/Windows/win.ini", "/C:%5cWindows%5cwin.ini",
    "/\\\\server\\share\\secret.txt", "/{token}/..\\..\\secret.txt", "/..",
    "/../", "/.%2e/", "/%2e%2e", "/~/", "/~root/",
    "/proc/self/environ", "/.git/config", "/.env", "/share.json", "/tafel.db", "/favicon.ico", "/robots.txt",
    "/{token}/../{token}/", "/{token}/../../{other_token_folder}", "/{token}/%2e%2e/{other_token}/summary.pdf",
    "/{token}/.%2e/{other_token}/", "/{token}/;/summary.pdf", "/{token};/",
    "/%7b{token}%7d/", "/{token}%20/", "/%20{token}/", "/{token}/%0d%0aSet-Cookie:x=1", "/%0d%0a/",
    "http://127.0.0.1/etc/passwd", "http://127.0.0.1/../secret.txt", "http://evil.example/%2e%2e/secret.txt",
    "*", "{token}/", "{token}/summary.pdf", "etc/passwd", "/*", "/{token}/*", "/{token}/summary.p*",
]

# Sent as raw bytes the HTTP parser itself refuses (400) — never read as a path.
RAW = [b"/{token}/\x00", b"/{token}/summary.pdf\x00", b"/\x00/", b"/{token}/\x7f", b"/{token}/\xc3\xbc",
       b"/\xff\xfe/", b"/{token}/\t", b"/{token}/\x1b[2J"]

# Methods other than GET and HEAD, on the table's own good page.
METHODS = [b"POST", b"PUT", b"DELETE", b"PATCH", b"OPTIONS", b"TRACE", b"CONNECT", b"PROPFIND", b"MKCOL", b"FOO"]

OVERLONG = [
    "/" + "a" * 3000,  # over the application's limit: 414
    "/{token}/" + "a" * 5000,
    "/" * 5000,
    "/{token}/" + "../" * 1500 + "etc/passwd",
    "/{token}/summary.pdf?" + "x" * 4000,
    "/" + "a" * 200_000,  # over the protocol layer's limit: refused (400) and closed
]
