"""Phụ lục I of Nghị định 30/2020/NĐ-CP (the layout of an administrative document), its values
named once. The templates are built from them (scripts/make_templates.py) and the tests read
every rendered form back against them; what is particular to one seed form stays in its
template.

Where the decree gives a range, the value chosen is named and the range is in the comment.
"""

from __future__ import annotations

# Paper and margins: A4, portrait (a wide table may turn the page: landscape).
PAGE_MM = (210, 297)
MARGIN_TOP_MM = 20  # 20-25
MARGIN_BOTTOM_MM = 20  # 20-25
MARGIN_LEFT_MM = 30  # 30-35
MARGIN_RIGHT_MM = 15  # 15-20
HEADER_DISTANCE_MM = 10  # the page number sits in the top margin

FONT = "Times New Roman"  # Unicode, TCVN 6909:2001

# Sizes (pt) of the elements, with the decree's ranges.
PARENT_AGENCY_PT = 12  # tên cơ quan chủ quản: 12-13, upright, capitals
AGENCY_PT = 12  # tên cơ quan ban hành: 12-13, bold, capitals (12: a city office's name in two lines)
QUOC_HIEU_PT = 12  # Quốc hiệu: 12-13, bold, capitals
TIEU_NGU_PT = 13  # Tiêu ngữ: 13-14, bold, initial capitals
NUMBER_PT = 13  # số, ký hiệu: 13
PLACE_DATE_PT = 13  # địa danh, ngày tháng: 13-14, italic
KIND_PT = 14  # tên loại văn bản: 13-14, bold, capitals
SUMMARY_PT = 14  # trích yếu: 13-14, bold
BODY_PT = 13  # nội dung: 13-14
TABLE_PT = 12  # text in a table may be one or two points smaller than the body
SIGNER_TITLE_PT = 13  # chức vụ người ký: 13-14, bold, capitals
SIGNER_NAME_PT = 13  # họ tên người ký: 13-14, bold
RECIPIENTS_LABEL_PT = 12  # "Nơi nhận:": 12, bold italic
RECIPIENTS_PT = 11  # the recipients: 11
PAGE_NUMBER_PT = 13  # số trang: 13-14, from page 2, centred in the top margin
CODE_MARK_PT = 11  # the form's code (BM.ST.VP.02) at the top right of page 1

# Paragraphs of the body.
SPACING_AFTER_PT = 6  # at least 6 pt between paragraphs
FIRST_LINE_INDENT_CM = 1.27  # 1-1.27 cm
LINE_SPACING = 1.15  # single to 1.5 lines

# The short rules of the letterhead and under the trích yếu.
RULE_WIDTH_EIGHTHS = 6  # a 0.75 pt line
AGENCY_RULE_CM = 2.5  # under the agency's name: a third to a half of it
TIEU_NGU_RULE_CM = 5.1  # under the Tiêu ngữ: as long as its text ("Độc lập - Tự do - Hạnh phúc", 13 pt bold)
SUMMARY_RULE_CM = 3.0  # under the trích yếu: a third to a half of it

# The two columns of the letterhead (agency | Quốc hiệu), in a portrait page's 16.5 cm.
LETTERHEAD_CM = (7.2, 9.3)  # the Quốc hiệu in 12 pt bold is 8.8 cm
# A landscape page has 25.2 cm: the agency's name takes two lines, not four.
LETTERHEAD_LANDSCAPE_CM = (10.5, 11.5)


def letterhead_cm(landscape: bool) -> tuple[float, float]:
    return LETTERHEAD_LANDSCAPE_CM if landscape else LETTERHEAD_CM
