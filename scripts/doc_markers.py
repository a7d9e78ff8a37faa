# SPDX-License-Identifier: MIT
"""doc_markers.py - the one way a script rewrites its measured table in docs/:
what stands between its two marker comments is replaced, nothing else. Used
by bench_doc.py, isolation.py, hyp_lines.py and linux_compare.py."""


def splice(path, begin, end, body):
    """Put body, on lines of its own, between the markers begin and end of the
    file at path. A file without both markers is an error that names them."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if begin not in text or end not in text:
        raise SystemExit(f"{path}: no {begin} ... {end} markers")
    a, b = text.index(begin) + len(begin), text.index(end)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text[:a] + "\n" + body.strip("\n") + "\n" + text[b:])
