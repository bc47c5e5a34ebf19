"""Writes the regression PDFs of damaged and unusual text (run once; the PDFs are kept in the repository).

    python tests/data/regression/make_damaged.py

Each page holds text of the kind reviewers receive: mojibake left by an encoding accident, pinyin
annotations from a copied web page, a character outside the BMP that a CID font draws as two UTF-16
halves (and an embedded font without it), simplified and traditional paragraphs on one page.
"""
from __future__ import annotations

from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

HERE = Path(__file__).parent
WQY = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"

PAGES = {
    "mojibake-question-marks-between-chinese.pdf": ("STSong-Light", [
        "一、基地基本概况",
        "园区推进產業規?;叨嘶l展，??持续扩大规模，形成了以装备制造为主导的产业体系。",
        "2024年园区实现营业收入412.6亿元，比上年增长7.5%。",
        "园区研发投入强度为2.86%，规??模以上企业关键工序数控化率为63.4%。",
    ]),
    "pinyin-annotations-copied-web-page.pdf": ("STSong-Light", [
        "2024年，園(yuán)區(qū)實(shí)現(xiàn)營(yíng)業(yè)收(shōu)入(rù)388.5億元，比上年增長6.2%。",
        "園(yuán)區(qū)研(yán)發(fā)投入強(qiáng)度達(dá)到3.12%。",
        "园区拥有国家级研发机构2家、省级研发机构7家。",
    ]),
    "glyph-outside-bmp-cid-font.pdf": ("STSong-Light", [
        "园区位于𪚥河之滨，2024年实现营业收入356.2亿元，比上年增长8.0%。",
        "𠀋园区研发投入强度为3.1%，关键工序数控化率为66.5%。",
        "园区拥有国家级研发机构2家、省级研发机构9家。",
    ]),
    "glyph-missing-from-embedded-font.pdf": ("WQY", [
        "园区位于𪚥河之滨，2024年实现营业收入356.2亿元，比上年增长8.0%。",
        "𠀋园区研发投入强度为3.1%，关键工序数控化率为66.5%。",
        "园区拥有国家级研发机构2家、省级研发机构9家。",
    ]),
    "mixed-scripts-one-page.pdf": ("STSong-Light", [
        "2024年園區實現營業收入526.3億元，比上年增長9.1%。",
        "园区研发投入强度为2.94%，数字化研发设计工具普及率为81.2%。",
        "園區萬元工業增加值能耗為0.38噸標準煤。",
    ]),
}


def main() -> None:
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    pdfmetrics.registerFont(TTFont("WQY", WQY, subfontIndex=0))
    for name, (font, lines) in PAGES.items():
        c = canvas.Canvas(str(HERE / name))
        y = 780
        for line in lines:
            c.setFont(font, 11)
            c.drawString(72, y, line)
            y -= 24
        c.showPage()
        c.save()
        print("wrote", name)


if __name__ == "__main__":
    main()
