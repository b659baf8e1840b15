"""The province's review, a stage of its own between the check and the outputs.

`decisions` reads the decision lines (the protected "Duyệt" tab, a reviews file) into `Decision`s and says who may
decide; `rows` applies the row decisions as intake reads the rows (intake asks it through its `RowReview` protocol
and never imports a decision); `stage` applies the rest to the rules' evaluation (decisions and evaluation in →
evaluation and effects out); `files` reads and writes the reviews workbook or CSV; `decide` writes an officer's new
decisions, checked first; `lookout` lists the rows worth a look before deciding.
"""
