"""The tracker definition's problems in Vietnamese, for the person at the terminal or in the notebook.

`tracker.definition` words each problem in English (the log and the tests of the definition read those words);
this table gives the Vietnamese of each wording by its pattern. A wording the table does not know is shown as it
is: a new check in the definition stays readable, in English, until it is added here.
"""

from __future__ import annotations

import re

_OR = re.compile(r"', '|' or '")


def _choices(text: str) -> str:
    """pydantic's "'a', 'b' or 'c'" -> "'a', 'b', 'c'"."""
    return _OR.sub("', '", text)


# (English pattern, Vietnamese): the named groups go into the Vietnamese as they are (values, names, numbers).
_TABLE: tuple[tuple[str, str], ...] = (
    # pydantic's own and the format's field-by-field checks (definition._pydantic_message)
    (r"required field is missing", "thiếu trường bắt buộc"),
    (r"a date must be YYYY-MM-DD, for example 2026-05-29 \(found None\)",
     "cần một ngày, viết YYYY-MM-DD, ví dụ 2026-05-29 (đang để trống)"),
    (r"a date must be YYYY-MM-DD, for example 2026-05-29 \(found (?P<v>.*)\)",
     "ngày phải viết YYYY-MM-DD, ví dụ 2026-05-29 (đang ghi {v})"),
    (r"(?P<v>'.*') is not a real date \(.*\)", "{v} không phải là một ngày có thật"),
    (r"unknown field (?P<n>'.*'): did you mean (?P<m>'.*')\? \(see docs/tracker-format.md\)",
     "định dạng không có trường {n}: có phải là {m}? (xem docs/tracker-format.md)"),
    (r"unknown field (?P<n>'.*'): the format has no such field here \(fields allowed here: (?P<l>.*)\)",
     "định dạng không có trường {n} ở chỗ này (các trường dùng được ở đây: {l})"),
    (r"rule kind must be one of: (?P<l>.*)", "kind của quy tắc phải là một trong: {l}"),
    (r"Input should be a valid integer.*", "phải là một số nguyên"),
    (r"Input should be a valid number.*", "phải là một số"),
    (r"Input should be a valid string", "phải là một đoạn chữ"),
    (r'must be text, and (?P<v>.*) reads as a number: write it in double quotes, "(?P=v)"',
     'phải là một đoạn chữ, mà {v} được đọc thành một số: viết trong dấu nháy kép, "{v}"'),
    (r"Input should be a valid boolean.*", "phải là true hoặc false"),
    (r"Input should be a valid list", "phải là một danh sách (mỗi mục một dòng bắt đầu bằng '- ')"),
    (r"Input should be a valid dictionary.*", "phải là một nhóm trường dạng `tên: giá trị`"),
    (r"Input should be greater than or equal to (?P<n>\S+)", "phải lớn hơn hoặc bằng {n}"),
    (r"Input should be greater than (?P<n>\S+)", "phải lớn hơn {n}"),
    (r"Input should be less than or equal to (?P<n>\S+)", "phải nhỏ hơn hoặc bằng {n}"),
    (r"Input should be (?P<l>'.*')", "phải là một trong: {l}"),
    (r"String should have at least (?P<n>\d+) characters?", "phải có ít nhất {n} ký tự"),
    (r"List should have at least (?P<n>\d+) items? after validation, not (?P<m>\d+)",
     "danh sách cần ít nhất {n} mục (đang có {m})"),
    (r"must be 1-64 characters of a-z, 0-9, '\.', '_' or '-', starting with a letter or digit",
     "phải gồm 1–64 ký tự a-z, 0-9, '.', '_' hoặc '-', bắt đầu bằng chữ hoặc số"),
    (r"must be an http:// or https:// link", "phải là một liên kết http:// hoặc https://"),
    # office.yaml (tracker.office.workspace)
    (r"each entry lists at least two units, e\.g\. (?P<e>\[.*\])", "mỗi mục ghi ít nhất hai đơn vị, ví dụ {e}"),
    (r"(?P<v>'.*') is not TRACKER-ID/UNIT-ID, for example (?P<e>\S+)",
     "{v} không có dạng MÃ-VĂN-BẢN/MÃ-ĐƠN-VỊ, ví dụ {e}"),
    (r"(?P<v>'.*') is listed twice \(also (?P<o>trackers\[\d+\])\)", "{v} được ghi hai lần (cả ở {o})"),
    (r"the file is too large for an office\.yaml", "tệp quá lớn, không phải một office.yaml"),
    (r'a time must be HH:MM, 24-hour, for example "17:00"', 'giờ phải viết HH:MM (24 giờ), ví dụ "17:00"'),
    (r'(?P<v>.*) is not a time zone name such as "Asia/Ho_Chi_Minh"',
     '{v} không phải là tên múi giờ (ví dụ "Asia/Ho_Chi_Minh")'),
    (r"invalid e-mail address (?P<v>'.*'): .*", "địa chỉ email {v} không hợp lệ"),
    # the file itself
    (r"cannot read file: No such file or directory", "không đọc được tệp: không có tệp này"),
    (r"cannot read file: Permission denied", "không đọc được tệp: không có quyền đọc"),
    (r"cannot read file: Is a directory", "không đọc được tệp: đó là một thư mục, không phải tệp"),
    (r"cannot read file: (?P<why>.*)", "không đọc được tệp: {why}"),
    (r"the file is not UTF-8 text \(byte (?P<n>\d+)\): save it as UTF-8",
     "tệp không phải văn bản mã UTF-8 (byte thứ {n}): mở tệp và lưu lại với mã UTF-8"),
    (r"YAML syntax: the file nests values more than (?P<n>\d+) levels deep",
     "tệp lồng các giá trị sâu quá {n} tầng; tệp định nghĩa tracker không cần nhiều tầng như vậy"),
    (r"YAML syntax: the file's aliases \(\*name\) expand to more than (?P<n>[\d,]+) values",
     "các tham chiếu (*tên) trong tệp nhân lên thành quá nhiều giá trị (hơn hai triệu); hãy viết thẳng các giá trị thay vì tham chiếu "
     "lồng nhau"),
    (r"YAML syntax: (?P<why>.*)", "sai cú pháp YAML: {why}"),
    (r"the file must be a mapping of fields", "tệp phải là các trường dạng `tên: giá trị`"),
    (r"the file is (?P<n>[\d,]+) bytes; a tracker definition may not exceed (?P<m>[\d,]+) \(is this the right file\?\)",
     "tệp nặng {n} byte; tệp định nghĩa tracker không quá {m} byte (có đúng tệp không?)"),
    # checks across fields (definition._cross_check)
    (r"campaign ends before it starts", "ngày kết thúc đợt (end) ở trước ngày bắt đầu (start)"),
    (r"the year (?P<y>\d+) is outside (?P<a>\d+)–(?P<b>\d+)", "năm {y} nằm ngoài khoảng {a}–{b}: có gõ nhầm năm không?"),
    (r"sheet name is (?P<n>\d+) characters; the limit is 31", "tên trang tính dài {n} ký tự; tối đa 31 ký tự"),
    (r"sheet name contains forbidden character\(s\) (?P<c>.*)", "tên trang tính có ký tự không được dùng: {c}"),
    (r"sheet name is empty", "tên trang tính để trống"),
    (r"sheet name '(?P<v>.*)' begins with 'Duyệt', the province's review tab, and is never read as a unit's",
     "tên trang tính “{v}” bắt đầu bằng “Duyệt”, là tên trang duyệt của cơ quan theo dõi, nên không bao giờ được đọc "
     "như trang của đơn vị; hãy đặt tên khác"),
    (r"sheet name begins or ends with an apostrophe, which Excel refuses",
     "tên trang tính không được bắt đầu hay kết thúc bằng dấu nháy đơn (')"),
    (r"unknown spreadsheet (?P<v>'.*')", "không có bảng tính {v} trong `spreadsheets`"),
    (r"a staff member needs a name, an email, or both", "mỗi cán bộ cần tên, email, hoặc cả hai"),
    (r"(?P<v>'.*') names two entries of the list", "{v} là tên của hai mục trong danh mục"),
    (r"a document template must be a Word \.docx file \(found (?P<v>.*)\)",
     "mẫu văn bản phải là tệp Word .docx (đang ghi {v})"),
    (r"template (?P<v>'.*') not found \(looked for (?P<p>.*)\)", "không tìm thấy mẫu {v} (đã tìm {p})"),
    (r"duplicate unit id (?P<v>'.*') \(first at item (?P<n>\d+)\)", "mã đơn vị {v} bị trùng (lần đầu ở mục {n})"),
    (r"duplicate sheet name (?P<v>'.*') \(first at item (?P<n>\d+)\)",
     "tên trang tính {v} bị trùng (không kể hoa thường, dấu; lần đầu ở mục {n})"),
    (r"duplicate (?P<w>.*) (?P<v>'.*') \(first at item (?P<n>\d+)\)", "{w} {v} bị trùng (lần đầu ở mục {n})"),
    (r"no unit has the label (?P<v>'.*')", "không đơn vị nào có nhãn {v}"),
    (r"no unit has the label (?P<k>[^:]+): (?P<v>'.*')", "không đơn vị nào có nhãn {k}: {v}"),
    (r"the entry sheet needs the columns (?P<l>.*)", "trang nhập liệu cần các cột {l}"),
    (r"a choice column needs its list of choices", "cột lựa chọn cần danh sách lựa chọn (`choices`)"),
    (r"window ends before it starts", "khoảng thời gian (window) kết thúc trước khi bắt đầu"),
    (r"window (?P<a>\S+) – (?P<b>\S+) lies outside the campaign \((?P<c>\S+) – (?P<d>\S+)\)",
     "khoảng thời gian {a} – {b} nằm ngoài đợt ({c} – {d})"),
    (r"a part needs exactly one of `due` \(a date\) or `recurs` \(a schedule\)",
     "mỗi phần việc cần đúng một trong hai: `due` (một ngày) hoặc `recurs` (lịch định kỳ)"),
    (r"give either `due` or `due_in`, not both", "chỉ ghi `due` hoặc `due_in`, không ghi cả hai"),
    (r"a weekly schedule needs the weekday it falls due \(monday … sunday\)",
     "lịch hằng tuần cần ngày trong tuần đến hạn (`weekday`: monday … sunday)"),
    (r"a monthly schedule needs the day of the month it falls due \(1 … 31\)",
     "lịch hằng tháng cần ngày trong tháng đến hạn (`day`: 1 … 31)"),
    (r"only a weekly schedule falls due on a weekday", "chỉ lịch hằng tuần mới ghi `weekday`"),
    (r"the last period comes before the first", "kỳ cuối (`last`) ở trước kỳ đầu (`first`)"),
    (r"applies_to must name `units` or `labels`", "applies_to phải ghi `units` hoặc `labels`"),
    (r"unknown unit (?P<v>'.*')", "không có đơn vị {v}"),
    (r"unknown audience (?P<v>'.*')", "không có đối tượng {v} trong `lists.audiences`"),
    (r"link evidence needs the 'link' column", "minh chứng bằng link cần cột 'link'"),
    (r"unknown (?P<what>task tag|form|audience|\S+) (?P<v>'.*'); lists\.(?P<f>\w+) has (?P<l>.*)",
     "{what} {v} không có trong `lists.{f}` (đang có: {l})"),
    (r"a \S+ schedule has no day of the month",
     "lịch hằng ngày hoặc hằng tuần không ghi `day` (chỉ lịch hằng tháng, quý, nửa năm, năm mới ghi)"),
    (r"only a quarterly, half-yearly or yearly schedule names a month",
     "chỉ lịch hằng quý, nửa năm hoặc hằng năm mới ghi `month`"),
    (r"a \S+ has (?P<n>\d+) months: `month` is 1 … (?P<m>\d+)", "mỗi kỳ có {n} tháng: `month` là 1 … {m}"),
    (r"(?P<v>'.*') is not a column of type 'period'", "{v} không phải là một cột kiểu 'period' (kỳ báo cáo)"),
    (r"(?P<v>'.*') is not a whole-number column \(participants, quantity, or a column of type 'integer'\)",
     "{v} không phải là một cột số nguyên (participants, quantity, hoặc một cột kiểu 'integer')"),
    (r"a sum rule needs exactly one of `target` \(a number\) or `target_from` \(a units' target\)",
     "quy tắc sum cần đúng một trong hai: `target` (một số) hoặc `target_from` (chỉ tiêu riêng của từng đơn vị)"),
    (r"column key (?P<v>'.*') must be lowercase letters, digits, '-' or '_' \(or one of the built-in keys: (?P<t>.*)\)",
     "mã cột {v} chỉ gồm chữ thường, số, '-' hoặc '_' (hoặc là một trong các mã có sẵn: {t})"),
    (r"a column of the tracker's own needs a type: (?P<or>.*)", "cột riêng của tracker cần ghi `type`: {or}"),
    (r"the built-in column (?P<v>'.*') is always of type (?P<k>'.*')", "cột có sẵn {v} luôn có kiểu {k}"),
    (r"of_which asks (?P<a>\d+), more than the rule's min (?P<b>\d+)",
     "of_which đòi {a}, nhiều hơn `min` của quy tắc ({b})"),
    (r"(?P<n>\d+) unit\(s\) lack the label (?P<v>'.*') this grouping uses: (?P<ids>.*)",
     "{n} đơn vị chưa có nhãn {v} mà cách nhóm này dùng: {ids}"),
    (r"a recurring part is judged period by period with a count or evidence rule",
     "phần việc định kỳ được đánh giá theo từng kỳ: quy tắc phải là count hoặc evidence"),
    (r"cannot count the working days: (?P<e>.*)", "không đếm được số ngày làm việc: {e}"),
    (r"document evidence needs a column of type 'docref'", "minh chứng bằng văn bản cần một cột kiểu 'docref'"),
    # units checked against the registry (registry.name_problems: warnings)
    (r"code (?P<c>'.*') is not a commune code in the registry(?P<rest>.*)",
     "mã {c} không phải mã của xã, phường, đặc khu nào trong danh mục hành chính{rest}"),
    (r"(?P<v>'.*') is not a commune in the registry(?P<rest>.*)",
     "{v} không phải là xã, phường, đặc khu trong danh mục hành chính{rest}"),
    (r"the registry names code (?P<c>\S+) (?P<o>'.*'), not (?P<n>'.*')", "danh mục hành chính ghi mã {c} là {o}, không phải {n}"),
)
_CONTACTS: tuple[tuple[str, str], ...] = (
    # the contacts file (tracker.contacts: warnings, the file is read on)
    (r"only the first (?P<r>[\d,]+) rows and (?P<c>\d+) columns are read; the rest of the file is not used",
     "chỉ đọc {r} dòng và {c} cột đầu; phần còn lại của tệp không được dùng"),
    (r"(?P<u>.*) \((?P<id>[^()]*)\) already has row (?P<r>\d+); this row's addresses are not used \(put every address "
     r"of a unit in its one row\)",
     "{u} ({id}) đã có ở dòng {r}; địa chỉ ở dòng này không được dùng (ghi mọi địa chỉ của một đơn vị trên một dòng)"),
    (r"more than (?P<n>\d+) addresses for (?P<u>.*); only the first \d+ are used",
     "{u} có hơn {n} địa chỉ; chỉ dùng {n} địa chỉ đầu"),
    (r"invalid e-mail address (?P<v>'.*') for (?P<u>.*) \(.*\); the address is not used",
     "địa chỉ email {v} của {u} không hợp lệ; địa chỉ này không được dùng"),
    (r"unit (?P<id>'.*') \((?P<u>.*)\) has no contact \(row (?P<r>[\d, ]+) has no valid e-mail\)",
     "đơn vị {id} ({u}) chưa có địa chỉ liên hệ (dòng {r} không có email hợp lệ)"),
    (r"unit (?P<id>'.*') \((?P<u>.*)\) has no contact: no row of the file names it",
     "đơn vị {id} ({u}) chưa có địa chỉ liên hệ: không dòng nào của tệp ghi đơn vị này"),
    (r"(?P<v>'.*') names (?P<n>\d+) units \((?P<ids>.*)\): give the unit's code",
     "{v} trùng tên {n} đơn vị ({ids}): hãy ghi mã đơn vị"),
    (r"no unit of the tracker has (?P<said>.*)", "tracker không có đơn vị nào có {said}"),
)
_TARGETS: tuple[tuple[str, str], ...] = (
    # the targets file (tracker.targets: 'file, row N, column X: …', each a definition error)
    (r"(?P<f>.*), row (?P<r>\d+), column (?P<c>'.*'): (?P<v>'.*') is not a whole number \(write a count such as 12 or "
     r"1\.200\)", "{f}, dòng {r}, cột {c}: {v} không phải là số nguyên (ghi số đếm như 12 hoặc 1.200)"),
    (r"(?P<f>.*), row (?P<r>\d+), column (?P<c>'.*'): unit (?P<u>'.*') was given (?P<a>\S+) for (?P<k>'.*') at row "
     r"(?P<r2>\d+); keep one", "{f}, dòng {r}, cột {c}: đơn vị {u} đã được ghi {a} cho {k} ở dòng {r2}; chỉ giữ một"),
    (r"(?P<f>.*), row (?P<r>\d+): unit (?P<u>'.*') has targets\.(?P<k>\S+) = (?P<a>\S+) in the definition and "
     r"(?P<b>\S+) in the file; keep one",
     "{f}, dòng {r}: đơn vị {u} có targets.{k} = {a} trong tệp định nghĩa và {b} trong tệp chỉ tiêu; chỉ giữ một"),
    (r"(?P<f>.*), row (?P<r>\d+): two columns give the target (?P<k>'.*')", "{f}, dòng {r}: hai cột cùng cho chỉ tiêu {k}"),
    (r"(?P<f>.*), row (?P<r>\d+): (?P<v>'.*') names (?P<n>\d+) units \((?P<ids>.*)\): give the unit's code",
     "{f}, dòng {r}: {v} trùng tên {n} đơn vị ({ids}): hãy ghi mã đơn vị"),
    (r"(?P<f>.*), row (?P<r>\d+): no unit of the tracker has (?P<said>.*)",
     "{f}, dòng {r}: tracker không có đơn vị nào có {said}"),
    (r"(?P<f>.*): no heading row in the first (?P<n>\d+) rows with a unit column \('Mã đơn vị' or 'Tên đơn vị'\) and at "
     r"least one target column",
     "{f}: trong {n} dòng đầu không có dòng tiêu đề có cột đơn vị ('Mã đơn vị' hoặc 'Tên đơn vị') và ít nhất một cột "
     "chỉ tiêu"),
    (r"(?P<f>.*): no such file", "{f}: không có tệp này"),
    (r"(?P<n>\d+) unit\(s\) bound by this part have no targets\.(?P<k>\S+): (?P<ids>.*)",
     "{n} đơn vị thuộc phần việc này chưa có targets.{k}: {ids}"),
)
_TABLE = _TABLE + _TARGETS + _CONTACTS
_HINT = re.compile(r"; closest registry entry: (.*) \((.*), code (\d+)\)$")
_COMPILED = tuple((re.compile(pattern), words) for pattern, words in _TABLE)


def in_vietnamese(message: str) -> str:
    """The Vietnamese of one of the definition's English problem messages; the message itself when unknown."""
    own = getattr(message, "vi", "")  # tracker.errors.Worded: a message that came with its words
    if isinstance(own, str) and own:
        return own
    for pattern, words in _COMPILED:
        m = pattern.fullmatch(message)
        if m:
            return words.format(**{k: _value(k, v) for k, v in m.groupdict().items()})
    return message


def _value(key: str, text: str) -> str:
    """A part of the English message put into the Vietnamese: the words around values translated too."""
    if key == "l":  # pydantic's "'a', 'b' or 'c'"
        return _choices(text)
    if key == "or":  # "text, integer, date or period"
        return text.replace(" or ", " hoặc ")
    if key == "what":  # what a rule names that the tracker's lists lack
        return {"task tag": "Nhiệm vụ", "form": "Hình thức", "audience": "Đối tượng"}.get(text, text)
    if key == "said":  # "code '123' and name 'X'"
        return re.sub(r"\bname '", "tên '", re.sub(r"\bcode '", "mã '", text)).replace("' and ", "' và ")
    return _HINT.sub(r"; gần nhất trong danh mục: \1 (\2, mã \3)", text)
