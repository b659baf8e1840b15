"""`tracker draft` rules of the twentieth round (issue 28, tuned on fresh14/ and fresh14-pdf/), each tested on a short
text of our own written in the shape the rule reads; none is a copy of a corpus document."""

from __future__ import annotations

from tracker.authoring.draft import extract

# A web page's copy converted to Markdown: the header's two columns are one table row a line, the motto and the rule
# under each column's text in its cell.
TABLE_HEADER = ["| ỦY BAN NHÂN DÂN TỈNH HÀ GIANG ------- | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh "
                "phúc --------------- |", "|---|---|", "| Số: 77/QĐ-UBND | Hà Giang, ngày 02 tháng 3 năm 2026 |", "",
                "QUYẾT ĐỊNH", "", "Về việc thử", ""]


def test_a_header_table_rows_rule_and_border_are_no_part_of_the_issuer() -> None:
    d = extract(TABLE_HEADER)
    assert (d.issuer and d.issuer.value, d.number and d.number.value) == ("Ủy ban nhân dân tỉnh Hà Giang", "77/QĐ-UBND")


def test_a_signature_in_the_copy_lists_table_row_gives_the_signer_and_title() -> None:
    # The plan the decision issues follows its signature: the block is not in the text's last lines.
    plan = ["KẾ HOẠCH", "Thử nghiệm", "I. NỘI DUNG", *[f"{k}. Sở Y tế thực hiện việc {k}." for k in range(1, 20)]]
    d = extract([*TABLE_HEADER, "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch thử nghiệm.",
                 "| Nơi nhận: - Như Điều 1; - Lưu: VT. | KT. CHỦ TỊCH PHÓ CHỦ TỊCH Nguyễn Văn An |", "|---|---|", *plan])
    plain = extract([*TABLE_HEADER, "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch thử nghiệm.",
                     "| Nơi nhận: - Lưu: VT. | CHỦ TỊCH Lê Thị Hoa |", *plan])
    assert [(x.signer and x.signer.value, x.signer_title and x.signer_title.value) for x in (d, plain)] == [
        ("Nguyễn Văn An", "KT. Chủ tịch — Phó Chủ tịch"), ("Lê Thị Hoa", "Chủ tịch")]


def test_a_symbol_printed_after_a_space_keeps_its_lower_case_letters() -> None:
    d = extract(["SỞ GIÁO DỤC VÀ ĐÀO TẠO", "Số: 1207 /SGDĐT-GDTrH", "V/v thử", "Huế, ngày 02 tháng 3 năm 2026"])
    assert d.number is not None and d.number.value == "1207/SGDĐT-GDTrH"


def test_a_subject_in_the_number_cell_of_a_header_row_ends_at_its_cell() -> None:
    d = extract(["| BỘ TƯ PHÁP ------- | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc --------------- |",
                 "|---|---|", "| Số: 12/BTP-KHTC V/v lập dự toán năm 2027 | Hà Nội, ngày 03 tháng 7 năm 2026 |", "",
                 "Kính gửi: Các cục thuộc Bộ"])
    assert (d.issuer and d.issuer.value, d.subject and d.subject.value) == ("Bộ Tư pháp", "V/v lập dự toán năm 2027")


def test_a_signers_title_followed_by_the_name_of_a_body_writes_it_as_a_bodys_name() -> None:
    d = extract(["BỘ TƯ PHÁP", "Số: 12/BTP-VP", "V/v thử", "Kính gửi: Các cục.", "Nơi nhận:", "- Lưu: VT.",
                 "TL. BỘ TRƯỞNG", "VỤ TRƯỞNG VỤ KẾ HOẠCH - TÀI CHÍNH", "", "Trần Văn Bình"])
    assert d.signer_title is not None and d.signer_title.value == "TL. Bộ trưởng — Vụ trưởng Vụ Kế hoạch - Tài chính"


def test_a_pdfs_e_signature_stamp_of_name_mail_and_time_above_the_header_is_not_its_issuer() -> None:
    d = extract(["TRUNG TÂM CÔNG", "NGHỆ THÔNG TIN", "ttcntt@example.gov.vn", "05.06.2026 09:12:00", "+07:00",
                 "ỦY BAN NHÂN DÂN", "TỈNH PHÚ YÊN", "Số: 88/TB-UBND", "", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                 "Độc lập - Tự do - Hạnh phúc", "Phú Yên, ngày 04 tháng 6 năm 2026", "THÔNG BÁO", "Về việc thử"])
    assert (d.issuer and d.issuer.value, d.parent) == ("Ủy ban nhân dân tỉnh Phú Yên", None)


def test_a_notices_title_ends_where_its_text_opens_with_the_meetings_day() -> None:
    d = extract(["ỦY BAN NHÂN DÂN", "TỈNH PHÚ YÊN", "Số: 89/TB-UBND", "Phú Yên, ngày 04 tháng 6 năm 2026", "THÔNG BÁO",
                 "Kết luận của Chủ tịch UBND tỉnh tại cuộc họp nghe báo cáo tiến độ",
                 "các dự án giao thông trọng điểm",
                 "Ngày 02/6/2026, tại trụ sở UBND tỉnh, Chủ tịch UBND tỉnh chủ trì họp nghe",
                 "báo cáo tiến độ các dự án. Sau khi nghe báo cáo, Chủ tịch UBND tỉnh kết luận như sau:"])
    assert d.subject is not None and d.subject.value == (
        "Kết luận của Chủ tịch UBND tỉnh tại cuộc họp nghe báo cáo tiến độ các dự án giao thông trọng điểm")


def test_a_day_named_with_its_weekday_in_brackets_is_the_day_an_item_is_held() -> None:
    d = extract(["ỦY BAN NHÂN DÂN", "TỈNH PHÚ YÊN", "Số: 90/QĐ-UBND", "Phú Yên, ngày 04 tháng 8 năm 2026", "QUYẾT ĐỊNH",
                 "Về việc ban hành kế hoạch thời gian năm học", "QUYẾT ĐỊNH:",
                 "Điều 1. Kế hoạch thời gian năm học 2026-2027 như sau:",
                 "1. Tựu trường: Ngày 24/8/2026 (thứ Hai).", "2. Khai giảng năm học mới: Ngày 05/9/2026 (thứ Bảy).",
                 "3. Các trường tổ chức sơ kết học kỳ I trước ngày 16/01/2027."])
    assert [(p.id, p.deadline.spec() if p.deadline else "none") for t in d.tasks for p in t.parts] == [
        ("1", "due 2026-08-24"), ("2", "due 2026-09-05"), ("3", "due 2027-01-16")]


def test_a_code_of_law_named_bo_luat_is_no_ministry_given_a_task() -> None:
    from tracker.authoring.draft import Draft

    def units(d: Draft) -> list[str]:
        return sorted({u for t in d.tasks for u in t.units} | {u for t in d.tasks for p in t.parts for u in p.units})

    d = extract(["ỦY BAN NHÂN DÂN", "TỈNH PHÚ YÊN", "Số: 91/KH-UBND", "Phú Yên, ngày 04 tháng 8 năm 2026", "KẾ HOẠCH",
                 "Bảo vệ bí mật nhà nước năm 2026", "I. NHIỆM VỤ",
                 "1. Sở Tư pháp tiếp tục tuyên truyền các quy định của pháp luật, trọng tâm là: Luật Bảo vệ bí mật nhà "
                 "nước năm 2018; Bộ Luật hình sự năm 2015 (sửa đổi, bổ sung năm 2017); Nghị định số 26/2020/NĐ-CP.",
                 "2. Bộ Chỉ huy Quân sự tỉnh kiểm tra việc bảo vệ bí mật nhà nước."])
    assert units(d) == ["Bộ Chỉ huy Quân sự tỉnh", "Sở Tư pháp"]


def test_a_signature_read_across_the_copy_list_gives_the_title_beside_its_label_and_the_name_below() -> None:
    d = extract(["SỞ Y TẾ", "Số: 15/SYT-NV", "V/v thử", "Kính gửi: Các bệnh viện.", "Các bệnh viện thực hiện./.",
                 "Nơi nhận: GIÁM ĐỐC", "Như trên; (Đã ký)", "UBND tỉnh; Trần Thị Mai", "Lưu: VT, NV."])
    assert (d.signer and d.signer.value, d.signer_title and d.signer_title.value) == ("Trần Thị Mai", "Giám đốc")


def test_a_title_whose_last_word_is_a_bodys_head_keeps_it_as_the_titles_word() -> None:
    d = extract(["BAN CHỈ ĐẠO", "Số: 5/KH-BCĐ", "V/v thử", "Kính gửi: Các sở.", "Nơi nhận:", "- Lưu: VT.",
                 "KT. TRƯỞNG BAN", "PHÓ TRƯỜNG BAN", "", "Trần Văn Bình"])
    assert d.signer_title is not None and d.signer_title.value == "KT. Trưởng ban — Phó Trường ban"
