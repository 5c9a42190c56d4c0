"""Make tafel's small word-frequency lists from ``wordfreq`` (run by a maintainer, not at install).

    python -m venv /tmp/wf && /tmp/wf/bin/pip install wordfreq
    /tmp/wf/bin/python tools/make_wordfreq.py [--top 30000]

wordfreq's wheel is 56 MB, too heavy for tafel's default install, while the merge only needs to
know how common a word is in general (so that "mensen" weighs less than "verkokering"). This keeps
the ``--top`` most frequent words of Dutch and English with their Zipf frequency rounded to 0.1,
grouped per Zipf value: one line ``<zipf*10><TAB><word> <word> …``, gzipped, into
``tafel/data/wordfreq/<lang>.txt.gz`` (a few hundred KB together).

Data: wordfreq by Robyn Speer, data CC-BY-SA 4.0 (see tafel/data/wordfreq/LICENSE.txt).
"""

from __future__ import annotations

import argparse
import gzip
import re
from collections import defaultdict
from pathlib import Path

from wordfreq import top_n_list, zipf_frequency  # type: ignore[import-not-found]

OUT = Path(__file__).resolve().parent.parent / "tafel" / "data" / "wordfreq"
WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def make(lang: str, top: int) -> bytes:
    buckets: dict[int, list[str]] = defaultdict(list)
    for word in top_n_list(lang, top):
        if WORD.fullmatch(word):
            buckets[round(zipf_frequency(word, lang) * 10)].append(word)
    lines = [f"{z}\t{' '.join(words)}" for z, words in sorted(buckets.items(), reverse=True)]
    # mtime=0: the same data gives the same bytes, so a rerun makes no spurious diff.
    return gzip.compress(("\n".join(lines) + "\n").encode("utf-8"), compresslevel=9, mtime=0)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--top", type=int, default=30_000)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    for lang in ("nl", "en"):
        data = make(lang, args.top)
        (OUT / f"{lang}.txt.gz").write_bytes(data)
        print(f"{lang}: {len(data) / 1024:.0f} KB")


if __name__ == "__main__":
    main()
