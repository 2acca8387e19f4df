# ruff: noqa: E501  (the page is written as a web page is)
"""Make the format fixtures: one report as plain text, as a saved web page and as a PDF,
and another report (Shaanxi's of 2025, from its Word file) as a saved web page.

The report is the project's Shanxi 2017 report as the loader reads it (its cleaned text, one
paragraph per line, with its title). The web page wraps it in a government site's furniture
(navigation, a breadcrumb, a source line, related links, an editor line, print and close
links, a footer); the PDF is that report printed by headless Chromium with its default
running header (date and title) and footer (address and page numbers), in Noto Sans CJK, whose
text layer writes many ideographs as Kangxi radicals. Run from the project root:

    .venv/bin/python tests/data/formats/make_fixtures.py

(needs Debian's chromium and fonts-noto-cjk; the outputs are committed, so tests do not).
"""

from __future__ import annotations

import html
import subprocess
import tempfile
from pathlib import Path

import workreport as wr

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]


def main() -> None:
    r = wr.load_report(ROOT / "data/raw/shanxi-2017-government-work-report.seg.txt")
    lines = ["山西省政府工作报告", *r.text.split("\n")]
    (HERE / "shanxi-2017.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    body = "\n".join(f"<p>{html.escape(x)}</p>" for x in lines[1:])
    page = f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>山西省政府工作报告_山西省人民政府门户网站</title>
<style>body{{font-family:"Noto Sans CJK SC";}} p{{text-indent:2em}}</style>
<script>var _hmt = _hmt || []; (function() {{ var hm = document.createElement("script"); }})();</script>
</head><body>
<div class="header"><ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li>
<li><a href="/xwzx">新闻中心</a></li><li><a href="/hdjl">互动交流</a></li></ul></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; 政府工作报告</div>
<div class="article">
<h1>山西省政府工作报告</h1>
<div class="info">来源：山西日报　时间：2017-01-20 08:30　字号：<a>大</a> <a>中</a> <a>小</a></div>
<div class="content">
{body}
</div>
<div class="related">相关报道：<ul><li><a href="/a1">省十二届人大七次会议开幕</a></li>
<li><a href="/a2">代表热议政府工作报告</a></li></ul></div>
<div class="editor">责任编辑：王某某</div>
<div class="tools"><a>打印本页</a> <a>关闭窗口</a> 扫一扫在手机打开当前页</div>
</div>
<div class="footer">主办单位：山西省人民政府办公厅　网站标识码：1400000001　晋ICP备05000000号</div>
</body></html>
"""
    (HERE / "shanxi-2017.html").write_text(page, encoding="utf-8")
    printable = f"""<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">
<title>山西省政府工作报告</title>
<style>body{{font-family:"Noto Sans CJK SC";font-size:12pt;line-height:1.6}}
p{{text-indent:2em;margin:0}} h1{{text-align:center}}</style></head><body>
<h1>{html.escape(lines[0])}</h1>
{body}
</body></html>"""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp, "report.html")
        src.write_text(printable, encoding="utf-8")
        subprocess.run(
            [
                "chromium",
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                f"--print-to-pdf={HERE / 'shanxi-2017.pdf'}",
                src.as_uri(),
            ],
            check=True,
            capture_output=True,
        )


def shaanxi_web() -> None:
    """Shaanxi's 2025 report, as a provincial portal would publish it: the Word file's
    paragraphs in a page with a portal's furniture (``shaanxi-2025.html``), so that the
    chapters are checked on a web scrape of a report other than the book's."""
    import docx

    path = ROOT / "data/raw/provincial-2025/2025年陕西省政府工作报告.docx"
    paras = [p.text.strip() for p in docx.Document(str(path)).paragraphs if p.text.strip()]
    body = "\n".join(f"<p>{html.escape(x)}</p>" for x in paras[1:])
    page = f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{html.escape(paras[0])}_陕西省人民政府</title></head>
<body>
<div class="header"><ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li>
<li><a href="/xwzx">新闻中心</a></li></ul></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; 政府工作报告</div>
<div class="article">
<h1>{html.escape(paras[0])}</h1>
<div class="info">来源：陕西日报　时间：2025-01-21 09:00　字号：<a>大</a> <a>中</a> <a>小</a></div>
<div class="content">
{body}
</div>
<div class="editor">责任编辑：李某某</div>
<div class="tools"><a>打印本页</a> <a>关闭窗口</a></div>
</div>
<div class="footer">主办单位：陕西省人民政府办公厅　网站标识码：6100000001　陕ICP备05000000号</div>
</body></html>
"""
    (HERE / "shaanxi-2025.html").write_text(page, encoding="utf-8")


if __name__ == "__main__":
    main()
    shaanxi_web()
