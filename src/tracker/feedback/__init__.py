"""Row feedback: the check's word next to each row a unit typed.

`rows` says what to write (pure: a result in, one `SheetFeedback` per unit tab out); `workbook` writes it into a
copy of an .xlsx source (`tracker check --annotate`), and `tracker.sheets_write` onto the units' Google Sheets.
"""
