"""Reading reports as published: Word files, web pages, PDF, and formats that are refused."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pandas as pd
import pytest

import workreport as wr
from workreport.clean import clean_line, fold_radicals
from workreport.errors import ReportFormatError
from workreport.formats import READABLE_SUFFIXES, extract, skip_reason, unsupported_format

FORMATS = Path(__file__).resolve().parent / "data" / "formats"


@pytest.fixture(scope="module")
def three_forms() -> dict[str, wr.Analysis]:
    """Our report as text, as a saved web page and as a PDF printed from a browser."""
    return {s: wr.analyse(FORMATS / f"shanxi-2017.{s}") for s in ("txt", "html", "pdf")}


@pytest.mark.parametrize("form", ["html", "pdf"])
def test_page_and_pdf_give_the_texts_paragraphs_themes_and_targets(three_forms, form):
    text, other = three_forms["txt"], three_forms[form]
    assert other.report.paragraphs["text"].tolist() == text.report.paragraphs["text"].tolist()
    pd.testing.assert_frame_equal(wr.themes_table(other), wr.themes_table(text))
    pd.testing.assert_frame_equal(other.targets, text.targets)
    assert (other.report.title, other.report.date, other.report.speaker) == (
        text.report.title,
        text.report.date,
        text.report.speaker,
    )


def test_web_page_furniture_is_set_aside_and_logged(three_forms):
    r = three_forms["html"].report
    assert r.source_format == "html"
    for furniture in ("首页", "当前位置", "相关报道", "责任编辑", "打印本页", "网站标识码", "_hmt"):
        assert furniture not in r.text
    logged = r.anomalies[r.anomalies["kind"] == "page-furniture-removed"]["original"].str.cat()
    for furniture in ("当前位置", "相关报道", "责任编辑", "打印本页", "网站标识码"):
        assert furniture in logged


def test_pdf_running_heads_page_numbers_and_radicals(three_forms):
    r = three_forms["pdf"].report
    assert r.source_format == "pdf"
    pages = r.anomalies[r.anomalies["kind"] == "page-furniture-removed"]
    assert len(pages) == 15  # one per page: Chromium's date-and-title head, address and n/15
    assert pages["original"].str.contains(r"\d+/15").all()
    assert "file://" not in r.text and "/15" not in r.text
    folded = r.anomalies[r.anomalies["kind"] == "radical-folded"]
    assert len(folded) > 1000  # Noto CJK's text layer names radicals for common ideographs
    assert not any(0x2E80 <= ord(c) <= 0x2FDF for c in r.text)


def test_radicals_are_folded_in_any_text_and_logged():
    text = "一、2016年⼯作回顾\n⼈⺠⽣活⽔平提⾼，增⻓7%。\n"
    r = wr.load_text(text, name="pdf-text.txt")
    assert r.paragraphs["text"].tolist() == ["一、2016年工作回顾", "人民生活水平提高，增长7%。"]
    folded = r.anomalies[r.anomalies["kind"] == "radical-folded"]
    assert "".join(folded["original"]) == "⼯⼈⺠⽣⽔⾼⻓"
    assert r.reconstruct() == text
    assert r.parts["title"].tolist() == ["2016年工作回顾"]


def test_fold_radicals_touches_nothing_else():
    punct = "，。、；：（）！？“”《》——…％１２"
    assert fold_radicals(punct) == punct
    assert fold_radicals("⼾⺠⻓⻔⽣丽") == "户民长门生丽"
    assert clean_line("⼀")[0] == "一"


def _docx_bytes(build) -> bytes:
    d = docx.Document()
    build(d)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def test_word_paragraphs_line_breaks_and_tables():
    def build(d):
        d.add_paragraph("2025年某省政府工作报告")
        d.add_paragraph("——2025年1月14日在某省第十四届人民代表大会第三次会议上")
        d.add_paragraph("省长 张 天喜")
        d.add_paragraph("各位代表：")
        p = d.add_paragraph("一、2024年工作回顾")
        p.add_run().add_break()
        p.add_run("全省地区生产总值增长5%。")
        table = d.add_table(rows=2, cols=2)
        table.cell(0, 0).text, table.cell(0, 1).text = "指标", "目标"
        table.cell(1, 0).text, table.cell(1, 1).text = "地区生产总值增长", "5%左右"
        d.add_paragraph("二、2025年主要任务")
        d.add_paragraph("努力实现经济增长5%左右。")

    r = wr.load_bytes(_docx_bytes(build), name="report.docx")
    assert r.source_format == "word"
    assert (r.title, r.date, r.speaker_office, r.speaker) == (
        "2025年某省政府工作报告",
        "2025-01-14",
        "省长",
        "张天喜",
    )
    assert r.parts["title"].tolist() == ["2024年工作回顾", "2025年主要任务"]
    assert "全省地区生产总值增长5%。" in r.paragraphs["text"].tolist()
    assert "地区生产总值增长5%左右" in r.text  # the table's row, read as text
    assert "table-as-text" in set(r.anomalies["kind"])


def test_word_file_loads_from_a_path_and_by_its_bytes_alone(tmp_path):
    data = _docx_bytes(lambda d: d.add_paragraph("一、回顾\n增长5%。"))
    (tmp_path / "renamed.txt").write_bytes(data)  # a Word file with the wrong name
    assert wr.load_report(tmp_path / "renamed.txt").source_format == "word"
    assert wr.load_bytes(data, name="no-suffix").source_format == "word"


def test_a_word_file_that_unpacks_too_large_is_refused_before_parsing(monkeypatch):
    from workreport import formats

    data = _docx_bytes(lambda d: d.add_paragraph("一、回顾\n增长5%。" * 50))
    monkeypatch.setattr(formats, "MAX_REPORT_BYTES", 1000)
    with pytest.raises(ReportFormatError, match="text part is too large"):
        wr.load_bytes(data, name="bomb.docx")


def test_a_pdf_with_only_an_owner_password_is_read(tmp_path):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.add_page(PdfReader(FORMATS / "shanxi-2017.pdf").pages[0])
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    path = tmp_path / "locked.pdf"
    with path.open("wb") as f:
        writer.write(f)
    assert "山西省政府工作报告" in wr.load_report(path).text


def test_html_saved_as_text_is_read_as_a_page(tmp_path):
    body = "<nav>首页</nav><p>一、2024年工作回顾</p><p>增长5%。</p>"
    page = f"<!DOCTYPE html><html><body>{body}</body></html>"
    (tmp_path / "page.txt").write_text(page, encoding="utf-8")
    r = wr.load_report(tmp_path / "page.txt")
    assert r.source_format == "html"
    assert "<p>" not in r.text and "增长5%。" in r.text


@pytest.mark.parametrize(
    ("data", "name", "problem"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64), "r.doc", "Word 97-2003 document (.doc)"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64), "r.wps", "WPS document (.wps)"),
        (b"{\\rtf1\\ansi ...}", "r.rtf", "Rich Text file (.rtf)"),
        (b"\x89PNG\r\n\x1a\n" + bytes(32), "scan.png", "an image (PNG)"),
        (b"\xff\xd8\xff\xe0" + bytes(32), "scan.jpg", "an image (JPEG)"),
        (b"%PDF-1.4\nnot really a pdf", "r.pdf", "not a readable PDF"),
        (b"PK\x03\x04broken", "r.docx", "a damaged Word file"),
        (b"PK\x03\x04broken", "r.zip", "ZIP archive"),
    ],
)
def test_unsupported_or_broken_formats_get_one_clear_line(tmp_path, data, name, problem):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ReportFormatError) as err:
        wr.load_report(path)
    message = str(err.value)
    assert message.startswith(f"{path}: ") and problem in message
    assert "\n" not in message and "binary file" not in message


def test_a_zip_that_is_not_a_word_file(tmp_path):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("notes.txt", "一、回顾")
    assert "ZIP archive" in unsupported_format(out.getvalue())


def test_skip_reasons_name_the_format():
    assert "(.doc)" in skip_reason("a.DOC") and ".docx" in skip_reason("a.doc")
    assert "image" in skip_reason("a.tiff")
    for suffix in READABLE_SUFFIXES:
        assert suffix in skip_reason("notes.md")


def test_plain_text_is_still_text():
    assert extract("一、回顾\n增长。\n".encode("gb18030"), path="x.txt").source_format == "text"


def test_web_back_matter_in_a_scraped_text_is_set_aside():
    opening = "现在，我代表省人民政府向大会报告工作，请予审议。"
    text = (
        "2026年政府工作报告\n来源：河南日报\n——2026年1月20日在河南省第十四届人民代表大会第五次会议上\n"
        f"各位代表：\n{opening}\n一、2025年工作回顾\n全省地区生产总值增长5%。\n"
        "二、2026年工作安排\n地区生产总值增长5%左右。\n"
        "让我们团结奋斗！相关报道：省十四届人大五次会议开幕 责任编辑：王某 打印本页 关闭窗口\n"
        "3f9a0c1e7b2d4a68\n2026年政府工作报告\n" + opening + "\n"
    )
    r = wr.load_text(text, name="scrape.txt")
    assert r.text.endswith("让我们团结奋斗！")
    for clutter in ("相关报道", "责任编辑", "打印本页", "3f9a0c1e", "来源"):
        assert clutter not in r.text
    assert r.text.count(opening) == 1
    assert r.title == "2026年政府工作报告" and r.date == "2026-01-20"
    assert r.reconstruct() == text


def test_word_paragraph_lines_follow_line_breaks_and_tables():
    """A Word paragraph's number is its raw line only until a paragraph with a line break or a
    table: word_paragraph_lines gives where the loader really puts each paragraph."""
    from workreport.formats import word_paragraph_lines

    def build(d):
        d.add_paragraph("2025年某省政府工作报告")
        p = d.add_paragraph("来源：某省人民政府")
        p.add_run().add_break()
        p.add_run("2025年1月14日")
        d.add_paragraph("")
        table = d.add_table(rows=2, cols=2)
        table.cell(0, 0).text, table.cell(0, 1).text = "指标", "目标"
        table.cell(1, 0).text, table.cell(1, 1).text = "增长", "5%左右"
        d.add_paragraph("努力实现经济增长5%左右。")

    data = _docx_bytes(build)
    starts = word_paragraph_lines(data, path="report.docx")
    assert starts == [(1, 1), (2, 2), (4, 1), (7, 1)]
    raw = wr.load_bytes(data, name="report.docx").reconstruct().split("\n")
    # every paragraph's text begins on the line given for it
    for (first, _), text in zip(starts, ["2025年", "来源", "", "努力"], strict=True):
        assert raw[first - 1].startswith(text)
    assert raw[1:3] == ["来源：某省人民政府", "2025年1月14日"]
    a = wr.load_bytes(data, name="report.docx").anomalies
    assert a.loc[a["kind"] == "table-as-text", "line"].tolist() == [5]  # the table's first row


def test_word_paragraph_lines_of_an_unreadable_file_name_it():
    from workreport.formats import word_paragraph_lines

    with pytest.raises(wr.ReportFormatError, match=r"broken\.docx"):
        word_paragraph_lines(b"PK\x03\x04 not a zip", path="broken.docx")
