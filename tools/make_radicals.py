"""Write ``src/workreport/data/radicals.csv``: CJK radicals (the Supplement, U+2E80–U+2EFF, and
the Kangxi radicals, U+2F00–U+2FDF) and the unified ideograph each stands for in simplified
Chinese text.

Unicode's normalisation (NFKC) folds the Kangxi radicals (U+2F00–U+2FDF) to unified
ideographs but leaves the CJK Radicals Supplement (U+2E80–U+2EFF) alone, although text taken
from a PDF writes ⺠ for 民 and ⻓ for 长 there too: a CJK font draws both code points with one
glyph, and the PDF's text layer names the radical. And NFKC folds ⼾ (U+2F3E) to the
traditional 戶 where a simplified font draws 户 with the radical's glyph. This script reads the
equivalence from the font itself: a radical and a unified ideograph (U+4E00–U+9FFF,
U+3400–U+4DBF) mapped to the same glyph by the cmap of Noto Sans CJK SC (Debian's
fonts-noto-cjk). Run from the project root (needs fonttools, which matplotlib brings, and the
font):

    .venv/bin/python tools/make_radicals.py
"""

from __future__ import annotations

import csv
import unicodedata
from pathlib import Path

from fontTools.ttLib import TTCollection

FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
OUT = Path(__file__).resolve().parents[1] / "src/workreport/data/radicals.csv"


def main() -> None:
    faces = TTCollection(FONT).fonts
    face = next(f for f in faces if f["name"].getDebugName(4) == "Noto Sans CJK SC")
    cmap = face.getBestCmap()
    by_glyph: dict[str, list[int]] = {}
    for cp, glyph in cmap.items():
        by_glyph.setdefault(glyph, []).append(cp)
    rows = []
    for cp, glyph in sorted(cmap.items()):
        if not 0x2E80 <= cp <= 0x2FDF:
            continue
        unified = [c for c in by_glyph[glyph] if 0x4E00 <= c <= 0x9FFF or 0x3400 <= c <= 0x4DBF]
        if len(unified) == 1:
            rows.append((f"U+{cp:04X}", chr(cp), chr(unified[0]), unicodedata.name(chr(cp))))
    with OUT.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["code_point", "radical", "ideograph", "name"])
        w.writerows(rows)
    print(f"{len(rows)} rows -> {OUT}")


if __name__ == "__main__":
    main()
