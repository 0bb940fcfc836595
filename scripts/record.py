#!/usr/bin/env python3
"""Writes a block of measured numbers into docs/benchmarks.md, replacing the block of the same
name (between `<!-- NAME:begin` and `<!-- NAME:end -->`) or appending it. Used by the scripts
that print benchmark numbers (`--record`), so each keeps one current block.

    record.py NAME FILE     (FILE holds the block, markers included)
"""
import pathlib
import re
import sys

name, block_file = sys.argv[1], sys.argv[2]
doc = pathlib.Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"
block = pathlib.Path(block_file).read_text(encoding="utf-8").strip("\n")
text = doc.read_text(encoding="utf-8") if doc.exists() else ""
pattern = re.compile(rf"<!-- {re.escape(name)}:begin.*?<!-- {re.escape(name)}:end -->", re.S)
if pattern.search(text):
    text = pattern.sub(lambda _: block, text)
else:
    text = text.rstrip("\n") + ("\n\n" if text.strip() else "") + block + "\n"
doc.write_text(text, encoding="utf-8")
print(f"recorded in {doc.relative_to(doc.parent.parent)} ({name})")
