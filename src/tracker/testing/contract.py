"""Google's published contract for the Sheets v4 and Drive v3 APIs, from their discovery documents.

The emulator (tracker.testing.sheets_emulator) routes every request through `Contract.resolve` and
`Contract.validate`: the method must exist at that path and HTTP verb; every query parameter must be one
the method or the API declares, of its type and enum; the body must match the method's request schema
(no unknown field, every enum value declared, every type right, field masks naming real fields); a
`fields` response mask must name fields of the response. Errors carry Google's wording where it is
known. The documents are vendored unchanged in `discovery/` (see discovery/SOURCE.md for their
origin and revision).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent / "discovery"
DOCUMENTS = {"sheets": "sheets.v4.json", "drive": "drive.v3.json"}


class ContractError(Exception):
    """A request Google would refuse: HTTP status, message and (Drive) reason."""

    def __init__(self, code: int, message: str, reason: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.reason = reason


@dataclass(frozen=True)
class Method:
    api: str
    id: str
    http: str
    doc: dict[str, Any]
    pattern: re.Pattern[str]
    names: tuple[str, ...]

    @property
    def scopes(self) -> list[str]:
        return list(self.doc.get("scopes", []))

    @property
    def writes(self) -> bool:
        """Google's quota kinds: a read retrieves data (get, search), a write changes it."""
        return self.http != "GET" and not self.id.endswith(("getByDataFilter", "batchGetByDataFilter", ".search"))


@cache
def document(api: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((HERE / DOCUMENTS[api]).read_text(encoding="utf-8"))
    return data


def revision(api: str) -> str:
    return str(document(api)["revision"])


class Contract:
    def __init__(self) -> None:
        self.methods: list[Method] = []
        for api in DOCUMENTS:
            doc = document(api)
            prefix = "/" + doc["servicePath"].strip("/")
            prefix = "" if prefix == "/" else prefix
            self._collect(api, doc, prefix)
        # literal suffixes first (":append" before a bare "{range}"), longer templates first
        self.methods.sort(key=lambda m: (-m.pattern.pattern.count(":"), -len(m.pattern.pattern)))

    def _collect(self, api: str, node: dict[str, Any], prefix: str) -> None:
        for method in node.get("methods", {}).values():
            template = method.get("flatPath") or method["path"]
            names: list[str] = []

            def param(m: re.Match[str], names: list[str] = names) -> str:
                name = m.group(1).lstrip("\\+")
                names.append(name)
                return "(.+)" if name == "range" else "([^/:]+)"

            regex = re.sub(r"\{([^}]+)\}", param, re.escape(f"{prefix}/{template}").replace(r"\{", "{").replace(r"\}", "}"))
            self.methods.append(Method(api, method["id"], method["httpMethod"], method, re.compile(regex), tuple(names)))
        for child in node.get("resources", {}).values():
            self._collect(api, child, prefix)

    def resolve(self, http: str, raw_path: str) -> tuple[Method, dict[str, str]]:
        """The method a verb and (still URL-encoded) path call, with its path parameters decoded."""
        from urllib.parse import unquote

        for method in self.methods:
            m = method.pattern.fullmatch(raw_path)
            if m and method.http == http:
                return method, {n: unquote(v) for n, v in zip(method.names, m.groups(), strict=True)}
        raise ContractError(404, f"The requested URL {raw_path} was not found on this server.", "notFound")

    # ------------------------------------------------------------------ query parameters

    def check_query(self, method: Method, query: dict[str, list[str]]) -> None:
        declared = {**document(method.api).get("parameters", {}), **method.doc.get("parameters", {})}
        for name, values in query.items():
            spec = declared.get(name)
            if spec is None or spec.get("location") == "path":
                raise ContractError(400, f"Invalid JSON payload received. Unknown name \"{name}\": Cannot bind query "
                                         f"parameter. Field '{name}' could not be found in request message.", "badRequest")
            if len(values) > 1 and not spec.get("repeated"):
                raise ContractError(400, f"Invalid JSON payload received. Repeated values for parameter '{name}' "
                                         "that is not repeated.", "badRequest")
            for value in values:
                _scalar(spec, value, name)
        for name, spec in method.doc.get("parameters", {}).items():
            if spec.get("required") and spec.get("location") == "query" and name not in query:
                raise ContractError(400, f"Required parameter: {name}", "required")

    # ------------------------------------------------------------------ bodies

    def check_body(self, method: Method, body: Any) -> None:
        ref = method.doc.get("request", {}).get("$ref")
        if ref is None:
            if body not in (None, {}):
                raise ContractError(400, "Invalid JSON payload received. This method takes no request body.", "badRequest")
            return
        self.check_value(method.api, {"$ref": ref}, body, "")

    def check_value(self, api: str, spec: dict[str, Any], value: Any, where: str) -> None:
        if "$ref" in spec:
            spec = document(api)["schemas"][spec["$ref"]]
        kind = spec.get("type")
        at = f" at '{where}'" if where else ""
        if kind == "object" or "properties" in spec:
            if not isinstance(value, dict):
                raise ContractError(400, f"Invalid JSON payload received. Expected an object{at}.", "badRequest")
            props = spec.get("properties", {})
            extra = spec.get("additionalProperties")
            for key, item in value.items():
                if key in props:
                    self.check_value(api, props[key], item, _join(where, key))
                elif extra is not None:
                    self.check_value(api, extra, item, _join(where, key))
                else:
                    raise ContractError(400, f"Invalid JSON payload received. Unknown name \"{key}\"{at}: Cannot find "
                                             "field.", "badRequest")
            return
        if kind == "array":
            if not isinstance(value, list):
                raise ContractError(400, f"Invalid JSON payload received. Expected a list{at}.", "badRequest")
            for i, item in enumerate(value):
                self.check_value(api, spec.get("items", {}), item, f"{where}[{i}]")
            return
        if kind == "any" or kind is None:
            return
        _scalar(spec, value, where)

    def check_mask(self, api: str, schema: str, mask: str, where: str) -> None:
        """An update mask ('userEnteredValue,note', 'gridProperties.frozenRowCount', '*') names fields of `schema`."""
        _check_mask(api, schema, mask, where)


    def check_response_mask(self, method: Method, fields: str) -> None:
        """The `fields` parameter (partial response) names fields of the method's response."""
        ref = method.doc.get("response", {}).get("$ref")
        if ref is None:
            return
        def walk(spec: dict[str, Any], mask: dict[str, Any] | None, path: str) -> None:
            if mask is None:
                return
            if "$ref" in spec:
                spec = document(method.api)["schemas"][spec["$ref"]]
            if spec.get("type") == "array":
                walk(spec.get("items", {}), mask, path)
                return
            props = spec.get("properties", {})
            for name, sub in mask.items():
                if name == "*":
                    continue
                if name not in props:
                    raise ContractError(400, f"Request contains an invalid argument: invalid field selection "
                                             f"'{_join(path, name)}' in fields={fields}.", "invalidParameter")
                walk(props[name], sub, _join(path, name))

        walk({"$ref": ref}, field_mask(fields), "")


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _scalar(spec: dict[str, Any], value: Any, where: str) -> None:
    kind = spec.get("type")
    at = f" at '{where}'" if where else ""

    def bad() -> ContractError:
        return ContractError(400, f"Invalid value{at} ({kind}), {json.dumps(value, ensure_ascii=False)}", "invalid")

    if kind == "string":
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise bad()
        if spec.get("format") in ("int32", "int64", "uint32", "uint64") and not re.fullmatch(r"-?\d+", str(value)):
            raise bad()
    elif kind == "integer":
        if isinstance(value, bool) or not (isinstance(value, int) or (isinstance(value, str) and re.fullmatch(r"-?\d+", value))):
            raise bad()
        number = int(value)
        if spec.get("format") == "int32" and not -(2**31) <= number < 2**31:
            raise bad()
    elif kind == "number":
        if isinstance(value, bool):
            raise bad()
        try:
            float(value)
        except (TypeError, ValueError):
            raise bad() from None
    elif kind == "boolean" and not (isinstance(value, bool) or value in ("true", "false")):
        raise bad()
    enum = spec.get("enum")
    if enum is not None and value not in enum:
        raise ContractError(400, f"Invalid value{at}, \"{value}\": not one of the enum's values", "invalid")


def condition_arity(condition_type: str) -> tuple[int, int | None] | None:
    """How many ConditionValues a BooleanCondition type takes, read from its description in the document."""
    spec = document("sheets")["schemas"]["BooleanCondition"]["properties"]["type"]
    try:
        text = spec["enumDescriptions"][spec["enum"].index(condition_type)]
    except ValueError:
        return None
    if "Requires exactly two" in text:
        return (2, 2)
    if "Requires a single" in text:
        return (1, 1)
    if "Requires no" in text or "Requires zero" in text:
        return (0, 0)
    if "one or more" in text:
        return (1, None)
    return None


@cache
def _check_mask(api: str, schema: str, mask: str, where: str) -> None:
    """Masks repeat (thousands of updateCells with "note"): each is walked once."""
    text = mask.replace(" ", "")
    if not text:
        raise ContractError(400, f"Invalid {where}: At least one field must be specified.", "badRequest")
    if text == "*":
        return
    for path in text.split(","):
        spec: dict[str, Any] = {"$ref": schema}
        for part in path.split("."):
            if "$ref" in spec:
                spec = document(api)["schemas"][spec["$ref"]]
            props = spec.get("properties", {})
            if part not in props:
                raise ContractError(400, f"Invalid {where}: Invalid field mask '{mask}': no field '{part}'.",
                                    "badRequest")
            spec = props[part]
            if spec.get("type") == "array":
                spec = spec.get("items", {})


Mask = dict[str, "Mask | None"]
"""A parsed field mask: the fields kept, each with the mask of its own fields (None: all of them)."""


def field_mask(text: str) -> Mask:
    """Google's partial-response syntax: 'sheets(properties(title,sheetId),protectedRanges)' or 'sheets.properties.title'."""
    mask, end = _mask(text.replace(" ", ""), 0)
    if end != len(text.replace(" ", "")):
        raise ContractError(400, f"Invalid field selection {text}", "invalidParameter")
    return mask


def _mask(text: str, i: int) -> tuple[Mask, int]:
    out: Mask = {}
    while i < len(text):
        j = i
        while j < len(text) and text[j] not in ",()":
            j += 1
        name, i = text[i:j], j
        path = name.split("/") if "/" in name else name.split(".")
        if not name or not all(path):
            raise ContractError(400, f"Invalid field selection {text}", "invalidParameter")
        sub: Mask | None = None
        if i < len(text) and text[i] == "(":
            sub, i = _mask(text, i + 1)
            if i >= len(text) or text[i] != ")":
                raise ContractError(400, f"Invalid field selection {text}", "invalidParameter")
            i += 1
        for name in reversed(path[1:]):
            sub = {name: sub}
        _merge(out, path[0], sub)
        if i < len(text) and text[i] == ",":
            i += 1
        elif i < len(text) and text[i] == ")":
            return out, i
    return out, i


def _merge(into: Mask, name: str, sub: Mask | None) -> None:
    if name in into and into[name] is not None and sub is not None:
        for key, value in sub.items():
            _merge(into[name], key, value)  # type: ignore[arg-type]
    else:
        into[name] = None if name in into and (into[name] is None or sub is None) else sub
