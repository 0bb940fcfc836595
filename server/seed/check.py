#!/usr/bin/env python3
"""Checks the seed catalogue (server/seed/catalogue/*.json) against server/seed/FORMAT.md.

Usage: python3 server/seed/check.py [CATALOGUE_DIR] [--werror]

Violations break a rule of FORMAT.md or a shape the Rust types would reject (or silently drop);
they make the exit status 1. Warnings flag data that parses but is probably wrong (a question
no condition uses, a shared material id under an unrelated name…); with --werror they fail too.
Standard library only, so it runs anywhere python3 does, before any Rust is built.
"""

import datetime
import json
import re
import sys
from pathlib import Path

# ----------------------------------------------------------------------------- vocabularies
# Mirrors of the contract's open enums: seed data must use known values even though the app
# would tolerate unknown ones.
AUDIENCE = {"person", "business", "both"}
MATTER_KIND = {"licensing", "payment", "confirmation", "ruling", "reward", "other_power", "public_service"}
HANDLING = {"instant", "promised"}
TIME_UNIT = {"working_days", "natural_days"}
MATERIAL_FORM = {"original", "copy", "original_and_copy"}
MEDIUM = {"paper", "electronic", "either"}
NECESSITY = {"required", "optional", "deferrable"}
SOURCE = {"applicant", "government", "third_party", "online_form", "obtained_by_office"}
HOLDER = {"applicant", "father", "mother", "spouse", "guardian", "child", "householder", "legal_representative",
          "agent", "deceased"}
DELIVERY = {"pickup", "post", "electronic"}
ICON = {"baby", "school", "card", "accessibility", "retirement", "veteran", "memorial", "work", "house", "move",
        "family", "restaurant", "truck", "building", "utilities", "credit", "closure", "health", "car", "document"}
JOINER = {"and", "or"}
FIELD_KIND = {"text", "resident_id", "phone", "date", "number", "choice", "credit_code", "attachment"}
PROFILE_KEY = {"name", "resident_id", "phone", "address", "business_name", "credit_code"}
QUESTION_TYPE = {"yes_no", "single_choice", "number"}
SERVICE_KEYS = {"online_apply", "appointment", "postal_delivery", "online_payment"}

# FORMAT.md's shared material ids, each with words its Chinese name should contain. A mismatch
# is only a warning: names vary ("房屋租赁合同" vs "租赁合同/场所使用证明"), ids must not.
SHARED_MATERIALS = {
    "resident_id_card": ("居民身份证", ["身份证"]),
    "household_register": ("居民户口簿", ["户口簿", "户口本"]),
    "marriage_certificate": ("结婚证", ["结婚证"]),
    "birth_medical_certificate": ("出生医学证明", ["出生医学证明"]),
    "photo_1inch": ("一寸免冠照片", ["一寸", "1寸"]),
    "photo_2inch": ("二寸免冠照片", ["二寸", "2寸"]),
    "application_form": ("申请表", ["表", "申请书"]),
    "business_license": ("营业执照", ["营业执照"]),
    "legal_rep_id": ("法定代表人身份证件", ["法定代表人"]),
    "agent_authorisation": ("授权委托书", ["委托"]),
    "agent_id_card": ("经办人身份证件", ["身份"]),
    "lease_contract": ("租赁合同/场所使用证明", ["租赁", "场所", "住所", "使用证明", "产权"]),
    "property_certificate": ("不动产权证书", ["不动产", "房产", "房屋所有权"]),
    "bank_card": ("本人银行卡/社保卡金融账户", ["银行", "账户"]),
    "social_security_card": ("社会保障卡", ["社会保障卡", "社保卡"]),
    "death_certificate": ("居民死亡医学证明（推断）书", ["死亡"]),
    "retirement_approval": ("退休审批表", ["退休"]),
    "discharge_certificate": ("退出现役证", ["退出现役", "退役"]),
    "disability_certificate": ("残疾人证", ["残疾人证"]),
    "credit_report": ("信用报告", ["信用"]),
    "articles_of_association": ("公司章程", ["章程"]),
    "shareholder_resolution": ("股东会决议", ["决议", "决定"]),
    "tax_clearance": ("清税证明", ["清税"]),
    "food_safety_system": ("食品安全管理制度", ["食品安全"]),
    "kitchen_layout": ("经营场所布局平面图", ["布局", "平面图"]),
    "staff_health_certificates": ("从业人员健康证明", ["健康"]),
    "fire_safety_commitment": ("消防安全承诺书", ["消防"]),
    "vehicle_license": ("机动车行驶证", ["行驶证"]),
    "labour_contract": ("劳动合同", ["劳动合同", "劳动关系", "就业"]),
    "loan_contract": ("借款合同", ["借款", "贷款"]),
    "house_purchase_contract": ("购房合同", ["购房", "买卖", "预售合同"]),
    "hukou_migration_certificate": ("户口迁移证明", ["迁移"]),
    "graduation_certificate": ("毕业证书", ["毕业"]),
    "residence_permit": ("居住证", ["居住证"]),
}

KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
MATERIAL_ID = re.compile(r"^[a-z0-9]+([_-][a-z0-9]+)*$")
QUESTION_ID = re.compile(r"^[a-z][a-z0-9_]*$")
BASIC_CODE = re.compile(r"^[A-Za-z0-9]{12}$")
IMPL_CODE = re.compile(r"^[A-Za-z0-9]{1,36}$")
CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$")

U8, U16, U32 = 255, 65535, 4294967295


class Report:
    def __init__(self):
        self.violations = []
        self.warnings = []

    def bad(self, where, msg):
        self.violations.append(f"{where}: {msg}")

    def warn(self, where, msg):
        self.warnings.append(f"{where}: {msg}")


R = Report()


# ----------------------------------------------------------------------------- shape helpers
def is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def is_num(v):
    return (isinstance(v, (int, float))) and not isinstance(v, bool)


def keys(obj, where, required, optional=(), forbidden=None):
    """Checks an object's keys. Unknown keys are violations: serde would drop them silently, or
    reject them where the seed type denies unknown fields, and either way a typo loses data."""
    if not isinstance(obj, dict):
        R.bad(where, f"expected an object, found {type(obj).__name__}")
        return False
    for k in required:
        if k not in obj:
            R.bad(where, f"missing field `{k}`")
    for k in obj:
        if forbidden and k in forbidden:
            R.bad(where, f"field `{k}` must not be written here: {forbidden[k]}")
        elif k not in required and k not in optional:
            R.bad(where, f"unknown field `{k}`")
    return True


def text(v, where, need_en=True):
    if not isinstance(v, dict):
        R.bad(where, "expected a Text object {\"zh-CN\": …, \"en\": …}")
        return
    for k in v:
        if k not in ("zh-CN", "en"):
            R.bad(where, f"unknown language key `{k}` in Text")
    zh = v.get("zh-CN")
    if not isinstance(zh, str) or not zh.strip():
        R.bad(where, "Text needs a non-empty `zh-CN`")
    en = v.get("en")
    if en is None:
        if need_en:
            R.bad(where, "Text has no `en` (every user-facing text carries both languages)")
    elif not isinstance(en, str) or not en.strip():
        R.bad(where, "Text `en` must be a non-empty string")


def text_list(v, where):
    if v is None:
        return
    if not isinstance(v, list):
        R.bad(where, "expected a list of Text")
        return
    for i, t in enumerate(v):
        text(t, f"{where}[{i}]")


def string(v, where, allow_empty=False):
    if not isinstance(v, str) or (not allow_empty and not v.strip()):
        R.bad(where, "expected a non-empty string")
        return False
    return True


def boolean(v, where):
    if not isinstance(v, bool):
        R.bad(where, "expected true or false")


def uint(v, where, maximum, minimum=0):
    if not is_int(v) or v < minimum or v > maximum:
        R.bad(where, f"expected an integer in {minimum}..={maximum}, found {v!r}")
        return False
    return True


def enum(v, allowed, where):
    if v not in allowed:
        R.bad(where, f"{v!r} is not one of {sorted(allowed)}")
        return False
    return True


def date(v, where):
    if not isinstance(v, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
        R.bad(where, f"expected a date YYYY-MM-DD, found {v!r}")
        return None
    try:
        return datetime.date.fromisoformat(v)
    except ValueError:
        R.bad(where, f"{v!r} is not a real calendar date")
        return None


def time_limit(v, where):
    if not keys(v, where, ("value", "unit"), ("note",)):
        return None
    uint(v.get("value"), f"{where}.value", U16)
    enum(v.get("unit"), TIME_UNIT, f"{where}.unit")
    if "note" in v:
        text(v["note"], f"{where}.note")
    return v


def aliases(v, where):
    if v is None:
        return
    if not isinstance(v, list) or not all(isinstance(a, str) and a.strip() for a in v):
        R.bad(where, "aliases must be a list of non-empty strings")
        return
    if len(set(v)) != len(v):
        R.warn(where, "duplicate aliases")


# ----------------------------------------------------------------------------- conditions
def condition(c, questions, where, before=None):
    """Validates a Condition tree. `questions` maps id -> question; `before` (for shown_when)
    is the set of question ids that come earlier, the only ones a question may depend on."""
    if not isinstance(c, dict) or len(c) != 1:
        R.bad(where, "a condition is an object with exactly one operator key")
        return
    (op, arg), = c.items()
    if op in ("all", "any"):
        if not isinstance(arg, list):
            R.bad(where, f"`{op}` takes a list")
            return
        if not arg:
            R.warn(where, f"empty `{op}` is constant ({'true' if op == 'all' else 'false'})")
        for i, sub in enumerate(arg):
            condition(sub, questions, f"{where}.{op}[{i}]", before)
    elif op == "not":
        condition(arg, questions, f"{where}.not", before)
    elif op in ("eq", "lt", "gt", "in"):
        value_key = "values" if op == "in" else "value"
        if not keys(arg, f"{where}.{op}", ("question", value_key)):
            return
        qid = arg.get("question")
        q = questions.get(qid)
        if q is None:
            R.bad(where, f"names question {qid!r}, which this event does not have")
            return
        if before is not None and qid not in before:
            R.bad(where, f"depends on question {qid!r}, which is not asked earlier")
        qtype = q.get("kind", {}).get("type") if isinstance(q.get("kind"), dict) else None
        values = arg.get(value_key)
        if op == "in":
            if not isinstance(values, list) or not values:
                R.bad(where, "`in` needs a non-empty `values` list")
                return
        else:
            values = [values]
        if op in ("lt", "gt") and qtype != "number":
            R.bad(where, f"`{op}` compares numbers but {qid!r} is a {qtype} question")
        for val in values:
            answer_value(val, q, qtype, where)
    else:
        R.bad(where, f"unknown condition operator `{op}` (the app would treat it as unknown)")


def answer_value(val, q, qtype, where):
    qid = q.get("id")
    if qtype == "yes_no":
        if not isinstance(val, bool):
            R.bad(where, f"{qid!r} is yes/no, so compare with true or false, not {val!r}")
    elif qtype == "single_choice":
        options = {o.get("value") for o in q["kind"].get("options", []) if isinstance(o, dict)}
        if not isinstance(val, str) or val not in options:
            R.bad(where, f"{val!r} is not an option of {qid!r} (options: {sorted(o for o in options if o)})")
    elif qtype == "number":
        if not is_num(val):
            R.bad(where, f"{qid!r} is a number question, so compare with a number, not {val!r}")
        else:
            lo, hi = q["kind"].get("min"), q["kind"].get("max")
            if (is_num(lo) and val < lo - 1) or (is_num(hi) and val > hi):
                R.warn(where, f"{val!r} lies outside {qid!r}'s bounds, so the comparison is constant")


def condition_questions(c, acc):
    """Collects the question ids a condition names."""
    if isinstance(c, dict):
        for op, arg in c.items():
            if op in ("all", "any") and isinstance(arg, list):
                for sub in arg:
                    condition_questions(sub, acc)
            elif op == "not":
                condition_questions(arg, acc)
            elif isinstance(arg, dict) and "question" in arg:
                acc.add(arg["question"])
    return acc


# ----------------------------------------------------------------------------- regex subset
def pattern_ok(p, where):
    """A form pattern must mean the same in ECMAScript and Rust's `regex`: no look-around,
    no back-references, no named or flag groups, no brace-form escapes."""
    if not isinstance(p, str) or not p:
        R.bad(where, "pattern must be a non-empty string")
        return
    for bad, why in ((r"\(\?(?!:)", "only non-capturing `(?:…)` groups are in the common subset"),
                     (r"\\[1-9]", "back-references are not supported by Rust's regex"),
                     (r"\\k<", "named back-references are not supported"),
                     (r"\\[ux]\{", "`\\u{…}`/`\\x{…}` differ between ECMAScript and Rust; use \\uXXXX"),
                     (r"\\U", "`\\U` escapes are Rust-only"),
                     (r"\\[pP]\{", "Unicode classes need the ECMAScript `u` flag")):
        if re.search(bad, p):
            R.bad(where, f"pattern {p!r}: {why}")
    try:
        re.compile(p)
    except re.error as e:
        R.bad(where, f"pattern {p!r} does not compile: {e}")
    if re.search(r"\\[dwsb]", p, re.I):
        R.warn(where, f"pattern {p!r}: \\d, \\w, \\s, \\b are ASCII in ECMAScript but Unicode in Rust; prefer explicit classes")


# ----------------------------------------------------------------------------- credit codes
def credit_code_valid(code):
    """The GB 32100-2015 check character of a unified social credit code."""
    weights = [pow(3, i, 31) for i in range(17)]
    total = sum(CREDIT_CHARS.index(ch) * w for ch, w in zip(code[:17], weights))
    return CREDIT_CHARS[(31 - total % 31) % 31] == code[17]


# ----------------------------------------------------------------------------- loaders
def load(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except json.JSONDecodeError as e:
        R.bad(path.name, f"not valid JSON: {e}")
    except OSError as e:
        R.bad(path.name, f"cannot read: {e}")
    return None


def check_categories(data, fname):
    cats = {}
    if not isinstance(data, list):
        R.bad(fname, "expected a JSON array")
        return cats
    for i, c in enumerate(data):
        where = f"{fname}[{i}]"
        if not keys(c, where, ("id", "audience", "name")):
            continue
        cid = c.get("id")
        if string(cid, f"{where}.id"):
            where = f"{fname} category {cid}"
            if cid in cats:
                R.bad(where, "duplicate category id")
            cats[cid] = c
        enum(c.get("audience"), AUDIENCE, f"{where}.audience")
        text(c.get("name"), f"{where}.name")
    return cats


def check_office(o, where):
    if not keys(o, where, ("id", "name", "address", "hours", "phone"), ("appointment",)):
        return
    string(o.get("id"), f"{where}.id")
    text(o.get("name"), f"{where}.name")
    text(o.get("address"), f"{where}.address")
    text(o.get("hours"), f"{where}.hours")
    string(o.get("phone"), f"{where}.phone")
    if "appointment" in o:
        boolean(o["appointment"], f"{where}.appointment")


def check_departments(data, fname):
    depts, offices = {}, {}
    if not isinstance(data, list):
        R.bad(fname, "expected a JSON array")
        return depts, offices
    for i, d in enumerate(data):
        where = f"{fname}[{i}]"
        if not keys(d, where, ("id", "name", "code", "phone"), ("offices",)):
            continue
        did = d.get("id")
        if not string(did, f"{where}.id"):
            continue
        where = f"{fname} department {did}"
        if not KEBAB.match(did):
            R.bad(where, "id must be ASCII kebab-case")
        if did in depts:
            R.bad(where, "duplicate department id")
        depts[did] = d
        text(d.get("name"), f"{where}.name")
        string(d.get("phone"), f"{where}.phone")
        code = d.get("code")
        if not isinstance(code, str) or not CREDIT_CODE.match(code):
            R.bad(where, f"code {code!r} is not an 18-character unified social credit code")
        elif not credit_code_valid(code):
            R.bad(where, f"code {code!r} fails the GB 32100 check character")
        own = set()
        for j, o in enumerate(d.get("offices", []) or []):
            ow = f"{where}.offices[{j}]"
            check_office(o, ow)
            oid = o.get("id") if isinstance(o, dict) else None
            if not isinstance(oid, str):
                continue
            if oid in offices:
                R.bad(ow, f"office id {oid!r} is already used by department {offices[oid]!r}")
            offices[oid] = did
            own.add(oid)
            if not oid.startswith(did + "-"):
                R.warn(ow, f"office id {oid!r} does not start with its department id")
        if f"{did}-main" not in own:
            R.bad(where, f"has no office `{did}-main`")
    return depts, offices


MATTER_REQUIRED = ("id", "name", "basic_code", "implementation_code", "kind", "department_id", "audience", "handling",
                   "legal_limit", "promised_limit", "visits", "online_depth", "fees", "phone", "hotline", "updated_on",
                   "office_ids")
MATTER_OPTIONAL = ("aliases", "conditions", "materials", "process", "legal_basis", "services", "delivery", "faq")
MATTER_FORBIDDEN = {"department_name": "the loader fills it from departments.json",
                    "offices": "name offices by `office_ids`; the loader fills them",
                    "matter_count": "derived", "popularity": "MatterGuide has no popularity; it would be dropped"}
MATERIAL_REQUIRED = ("id", "name", "form", "copies", "medium", "necessity", "source")
MATERIAL_OPTIONAL = ("note", "blank_form_url", "sample_url", "holders", "only_if")


def check_material(m, where, matter_id, seen):
    if not keys(m, where, MATERIAL_REQUIRED, MATERIAL_OPTIONAL,
                {"applies_when": "a matter's own materials apply always; condition them in the event's `material_conditions`"}):
        return
    mid = m.get("id")
    if string(mid, f"{where}.id"):
        if not MATERIAL_ID.match(mid):
            R.bad(where, f"material id {mid!r} must be lower-case ASCII words joined by - or _")
        if mid in seen:
            R.bad(where, f"material id {mid!r} appears twice in this matter")
        seen.add(mid)
        # A form shared by several matters (不动产登记申请书, the joint utilities form) keeps one id
        # so the notification merges it; that is checked once all matters are loaded.
    text(m.get("name"), f"{where}.name")
    enum(m.get("form"), MATERIAL_FORM, f"{where}.form")
    if uint(m.get("copies"), f"{where}.copies", U8) and m.get("copies") == 0:
        R.warn(where, "copies is 0")
    enum(m.get("medium"), MEDIUM, f"{where}.medium")
    enum(m.get("necessity"), NECESSITY, f"{where}.necessity")
    enum(m.get("source"), SOURCE, f"{where}.source")
    if "note" in m:
        text(m["note"], f"{where}.note")
    if "only_if" in m:
        text(m["only_if"], f"{where}.only_if")
    if "holders" in m:
        if not isinstance(m["holders"], list) or not m["holders"]:
            R.bad(where, "holders must be a non-empty list (leave it out when not stated)")
        else:
            for i, h in enumerate(m["holders"]):
                enum(h, HOLDER, f"{where}.holders[{i}]")
            if len(set(m["holders"])) != len(m["holders"]):
                R.bad(where, "holders repeats a person")
    for k in ("blank_form_url", "sample_url"):
        if k in m:
            string(m[k], f"{where}.{k}")
    # Shared vocabulary: the id is what merges the one-time notification, so it must mean the
    # same thing everywhere.
    zh = (m.get("name") or {}).get("zh-CN", "") if isinstance(m.get("name"), dict) else ""
    if isinstance(mid, str) and mid in SHARED_MATERIALS:
        canonical, words = SHARED_MATERIALS[mid]
        if zh and not any(w in zh for w in words):
            R.warn(where, f"shared id {mid!r} ({canonical}) is used for {zh!r}")
    elif isinstance(mid, str) and zh:
        for sid, (canonical, _) in SHARED_MATERIALS.items():
            if zh == canonical and not mid.endswith("application_form"):
                R.bad(where, f"{zh!r} is a shared material: use id {sid!r}, not {mid!r}")


def check_matter(m, where, depts, offices):
    if not keys(m, where, MATTER_REQUIRED, MATTER_OPTIONAL, MATTER_FORBIDDEN):
        return
    mid = m.get("id")
    text(m.get("name"), f"{where}.name")
    aliases(m.get("aliases"), f"{where}.aliases")
    bc, ic = m.get("basic_code"), m.get("implementation_code")
    if not isinstance(bc, str) or not BASIC_CODE.match(bc):
        R.bad(where, f"basic_code {bc!r} must be exactly 12 ASCII alphanumerics")
    if not isinstance(ic, str) or not IMPL_CODE.match(ic):
        R.bad(where, f"implementation_code {ic!r} must be 1–36 ASCII alphanumerics")
    enum(m.get("kind"), MATTER_KIND, f"{where}.kind")
    enum(m.get("audience"), AUDIENCE, f"{where}.audience")

    did = m.get("department_id")
    if did not in depts:
        R.bad(where, f"department_id {did!r} is not in departments.json")
    oids = m.get("office_ids")
    if not isinstance(oids, list) or not all(isinstance(o, str) for o in oids):
        R.bad(where, "office_ids must be a list of office ids")
    else:
        if not oids:
            R.warn(where, "office_ids is empty: the guide will show no place to go")
        if len(set(oids)) != len(oids):
            R.bad(where, "office_ids lists an office twice")
        for o in oids:
            if o not in offices:
                R.bad(where, f"office {o!r} does not exist")
            elif did in depts and offices[o] != did:
                R.bad(where, f"office {o!r} belongs to {offices[o]!r}, not to {did!r}")

    handling = m.get("handling")
    enum(handling, HANDLING, f"{where}.handling")
    legal = time_limit(m.get("legal_limit"), f"{where}.legal_limit")
    promised = time_limit(m.get("promised_limit"), f"{where}.promised_limit")
    if legal and promised and is_int(legal.get("value")) and is_int(promised.get("value")):
        pv, lv = promised["value"], legal["value"]
        if handling == "instant" and pv != 0:
            R.bad(where, f"an instant matter has promised_limit 0, not {pv}")
        if handling == "promised":
            if pv <= 0:
                R.bad(where, "a promised matter needs promised_limit > 0")
            if legal.get("unit") == promised.get("unit"):
                if pv > lv:
                    R.bad(where, f"promised_limit {pv} exceeds legal_limit {lv}")
            else:
                # Rough comparison across units: a working week is seven natural days.
                to_nd = lambda v, u: v * 7 / 5 if u == "working_days" else v
                if to_nd(pv, promised.get("unit")) > to_nd(lv, legal.get("unit")):
                    R.warn(where, "promised_limit looks longer than legal_limit (different units)")
            if lv == 0:
                R.warn(where, "a promised matter with legal_limit 0")

    visits = m.get("visits")
    vcount = None
    if keys(visits, f"{where}.visits", ("count",), ("reason",)):
        if uint(visits.get("count"), f"{where}.visits.count", U8):
            vcount = visits["count"]
        if "reason" in visits:
            text(visits["reason"], f"{where}.visits.reason")
        if vcount and "reason" not in visits:
            R.bad(where, f"visits.count {vcount} needs a `reason`")
        if vcount == 0 and "reason" in visits:
            R.warn(where, "visits.reason given although count is 0")
    depth = m.get("online_depth")
    if uint(depth, f"{where}.online_depth", 4, 1):
        if depth == 4 and vcount not in (None, 0):
            R.bad(where, "online_depth 4 (全程网办) implies visits.count 0")

    fees = m.get("fees")
    if keys(fees, f"{where}.fees", ("free",), ("items",)):
        boolean(fees.get("free"), f"{where}.fees.free")
        items = fees.get("items", [])
        if not isinstance(items, list):
            R.bad(f"{where}.fees.items", "expected a list")
            items = []
        if fees.get("free") is True and items:
            R.bad(where, "fees.free is true but items are listed")
        if fees.get("free") is False and not items:
            R.bad(where, "fees.free is false but no item is listed")
        for j, it in enumerate(items):
            iw = f"{where}.fees.items[{j}]"
            if keys(it, iw, ("name", "standard"), ("basis", "waivable")):
                text(it.get("name"), f"{iw}.name")
                text(it.get("standard"), f"{iw}.standard")
                if "basis" in it:
                    text(it["basis"], f"{iw}.basis")
                if "waivable" in it:
                    boolean(it["waivable"], f"{iw}.waivable")

    text_list(m.get("conditions"), f"{where}.conditions")
    text_list(m.get("process"), f"{where}.process")
    seen = set()
    mats = m.get("materials", [])
    if not isinstance(mats, list):
        R.bad(f"{where}.materials", "expected a list")
        mats = []
    for j, mat in enumerate(mats):
        check_material(mat, f"{where}.materials[{j}]", mid, seen)
    for j, lb in enumerate(m.get("legal_basis", []) or []):
        lw = f"{where}.legal_basis[{j}]"
        if keys(lb, lw, ("title",), ("article",)):
            text(lb.get("title"), f"{lw}.title")
            if "article" in lb:
                text(lb["article"], f"{lw}.article")
    services = m.get("services", {})
    if keys(services, f"{where}.services", (), SERVICE_KEYS):
        for k, v in services.items():
            boolean(v, f"{where}.services.{k}")
    delivery = m.get("delivery", [])
    if not isinstance(delivery, list):
        R.bad(f"{where}.delivery", "expected a list")
        delivery = []
    for j, d in enumerate(delivery):
        enum(d, DELIVERY, f"{where}.delivery[{j}]")
    if isinstance(services, dict):
        if services.get("postal_delivery") and "post" not in delivery:
            R.warn(where, "services.postal_delivery is true but delivery has no `post`")
        if "post" in delivery and not services.get("postal_delivery"):
            R.warn(where, "delivery offers `post` but services.postal_delivery is false")
        if depth == 4 and not services.get("online_apply"):
            R.warn(where, "online_depth 4 but services.online_apply is false")
    for j, f in enumerate(m.get("faq", []) or []):
        fw = f"{where}.faq[{j}]"
        if keys(f, fw, ("question", "answer")):
            text(f.get("question"), f"{fw}.question")
            text(f.get("answer"), f"{fw}.answer")
    string(m.get("phone"), f"{where}.phone")
    string(m.get("hotline"), f"{where}.hotline")
    upd = date(m.get("updated_on"), f"{where}.updated_on")
    if upd and upd.year != 2026:
        R.bad(where, f"updated_on {upd} is not in 2026")


EVENT_REQUIRED = ("id", "name", "summary", "audience", "category", "icon", "promised_limit", "max_visits",
                  "online_apply", "steps")
EVENT_OPTIONAL = ("aliases", "popularity", "description", "questions", "form")
EVENT_DERIVED = {"matter_count": "derived by the loader", "matter_ids": "derived by the loader"}
FIELD_REQUIRED = ("id", "label", "kind")
FIELD_OPTIONAL = ("help", "required", "min_length", "max_length", "pattern", "min_date", "max_date", "min", "max",
                  "options", "prefill", "material_id", "used_by", "shown_when")


def check_question(q, where, questions, before):
    if not keys(q, where, ("id", "text", "kind"), ("help", "shown_when")):
        return
    text(q.get("text"), f"{where}.text")
    if "help" in q:
        text(q["help"], f"{where}.help")
    kind = q.get("kind")
    if not isinstance(kind, dict):
        R.bad(f"{where}.kind", "expected an object with `type`")
        return
    t = kind.get("type")
    if not enum(t, QUESTION_TYPE, f"{where}.kind.type"):
        return
    if t == "yes_no":
        keys(kind, f"{where}.kind", ("type",))
    elif t == "single_choice":
        keys(kind, f"{where}.kind", ("type", "options"))
        opts = kind.get("options")
        if not isinstance(opts, list) or len(opts) < 2:
            R.bad(where, "a single_choice question needs at least two options")
        else:
            choices(opts, f"{where}.kind.options")
    else:
        keys(kind, f"{where}.kind", ("type",), ("min", "max", "unit"))
        lo, hi = kind.get("min"), kind.get("max")
        for k, v in (("min", lo), ("max", hi)):
            if v is not None and not is_num(v):
                R.bad(where, f"number question `{k}` must be a number")
        if is_num(lo) and is_num(hi) and lo > hi:
            R.bad(where, "min exceeds max")
        if "unit" in kind:
            text(kind["unit"], f"{where}.kind.unit")
    if "shown_when" in q:
        condition(q["shown_when"], questions, f"{where}.shown_when", before)


def choices(opts, where):
    values = set()
    for i, o in enumerate(opts):
        ow = f"{where}[{i}]"
        if keys(o, ow, ("value", "label")):
            v = o.get("value")
            if string(v, f"{ow}.value"):
                if v in values:
                    R.bad(ow, f"duplicate option value {v!r}")
                values.add(v)
            text(o.get("label"), f"{ow}.label")


def check_form(form, where, questions, event_matters, matter_materials, used_questions):
    if not keys(form, where, ("fields",)):
        return
    fields = form.get("fields")
    if not isinstance(fields, list):
        R.bad(f"{where}.fields", "expected a list")
        return
    if not 6 <= len(fields) <= 14:
        R.warn(where, f"{len(fields)} fields; a combined form usually has 6–14")
    ids, covered = set(), set()
    event_materials = set().union(*(matter_materials.get(m, set()) for m in event_matters)) if event_matters else set()
    for i, f in enumerate(fields):
        fw = f"{where}.fields[{i}]"
        if not keys(f, fw, FIELD_REQUIRED, FIELD_OPTIONAL):
            continue
        fid = f.get("id")
        if string(fid, f"{fw}.id"):
            fw = f"{where} field {fid}"
            if not QUESTION_ID.match(fid):
                R.bad(fw, "field id must be lower-case ASCII (a-z, 0-9, _)")
            if fid in ids:
                R.bad(fw, "duplicate field id")
            ids.add(fid)
        text(f.get("label"), f"{fw}.label")
        if "help" in f:
            text(f["help"], f"{fw}.help")
        kind = f.get("kind")
        enum(kind, FIELD_KIND, f"{fw}.kind")
        if "required" in f:
            boolean(f["required"], f"{fw}.required")
        lo, hi = f.get("min_length"), f.get("max_length")
        for k, v in (("min_length", lo), ("max_length", hi)):
            if v is not None:
                uint(v, f"{fw}.{k}", U32)
        if is_int(lo) and is_int(hi) and lo > hi:
            R.bad(fw, "min_length exceeds max_length")
        if "pattern" in f:
            pattern_ok(f["pattern"], f"{fw}.pattern")
        bounds = {}
        for k in ("min_date", "max_date"):
            if k in f:
                if kind != "date":
                    R.warn(fw, f"`{k}` on a {kind} field has no effect")
                v = f[k]
                bounds[k] = None if v == "today" else date(v, f"{fw}.{k}")
        if bounds.get("min_date") and bounds.get("max_date") and bounds["min_date"] > bounds["max_date"]:
            R.bad(fw, "min_date is after max_date")
        opts = f.get("options", [])
        if kind == "choice":
            if not isinstance(opts, list) or len(opts) < 2:
                R.bad(fw, "a choice field needs at least two options")
            else:
                choices(opts, f"{fw}.options")
        elif opts:
            R.warn(fw, f"options on a {kind} field have no effect")
        if "prefill" in f:
            enum(f["prefill"], PROFILE_KEY, f"{fw}.prefill")
            expect = {"resident_id": "resident_id", "phone": "phone", "credit_code": "credit_code"}.get(f["prefill"], "text")
            if kind != expect:
                R.warn(fw, f"prefill {f['prefill']!r} on a {kind} field")
        used_by = f.get("used_by", [])
        if not isinstance(used_by, list) or not used_by:
            R.bad(fw, "used_by must list the matters that use this field")
            used_by = []
        for u in used_by:
            if u not in event_matters:
                R.bad(fw, f"used_by names {u!r}, which is not a matter of this event")
            covered.add(u)
        mat = f.get("material_id")
        if kind == "attachment":
            if not mat:
                R.bad(fw, "an attachment field needs `material_id`")
            elif mat not in event_materials:
                R.bad(fw, f"material_id {mat!r} is not a material of any matter in this event")
            elif not any(mat in matter_materials.get(u, set()) for u in used_by):
                R.bad(fw, f"material_id {mat!r} is not a material of the matters in used_by")
        elif mat:
            R.warn(fw, f"material_id on a {kind} field has no effect")
        if "shown_when" in f:
            condition(f["shown_when"], questions, f"{fw}.shown_when")
            condition_questions(f["shown_when"], used_questions)
    for m in event_matters:
        if m not in covered:
            R.warn(where, f"no field is used by matter {m!r}")


def check_event(e, where, cats, matters, matter_materials):
    if not keys(e, where, EVENT_REQUIRED, EVENT_OPTIONAL, EVENT_DERIVED):
        return []
    text(e.get("name"), f"{where}.name")
    text(e.get("summary"), f"{where}.summary")
    aliases(e.get("aliases"), f"{where}.aliases")
    audience = e.get("audience")
    enum(audience, AUDIENCE, f"{where}.audience")
    cat = e.get("category")
    if cat not in cats:
        R.bad(where, f"category {cat!r} is not in categories.json")
    elif cats[cat].get("audience") not in (audience, "both"):
        R.bad(where, f"category {cat!r} is for {cats[cat].get('audience')!r}, the event for {audience!r}")
    enum(e.get("icon"), ICON, f"{where}.icon")
    time_limit(e.get("promised_limit"), f"{where}.promised_limit")
    uint(e.get("max_visits"), f"{where}.max_visits", U8)
    boolean(e.get("online_apply"), f"{where}.online_apply")
    if "popularity" in e:
        uint(e["popularity"], f"{where}.popularity", U32)
    text_list(e.get("description"), f"{where}.description")

    questions, before = {}, set()
    qs = e.get("questions", [])
    if not isinstance(qs, list):
        R.bad(f"{where}.questions", "expected a list")
        qs = []
    # Register all questions first so a forward reference is reported as "not earlier".
    for q in qs:
        if isinstance(q, dict) and isinstance(q.get("id"), str):
            if q["id"] in questions:
                R.bad(where, f"duplicate question id {q['id']!r}")
            questions[q["id"]] = q
    used_questions = set()
    for i, q in enumerate(qs):
        qid = q.get("id") if isinstance(q, dict) else None
        qw = f"{where} question {qid}" if isinstance(qid, str) else f"{where}.questions[{i}]"
        if isinstance(qid, str) and not QUESTION_ID.match(qid):
            R.bad(qw, "question id must be lower-case ASCII (a-z, 0-9, _)")
        check_question(q, qw, questions, before)
        if isinstance(q, dict) and "shown_when" in q:
            condition_questions(q["shown_when"], used_questions)
        if isinstance(qid, str):
            before.add(qid)

    event_matters, step_ids = [], set()
    steps = e.get("steps")
    if not isinstance(steps, list) or not steps:
        R.bad(where, "an event needs at least one step")
        steps = []
    for i, s in enumerate(steps):
        sw = f"{where}.steps[{i}]"
        if not keys(s, sw, ("id", "title", "joiner", "matters")):
            continue
        sid = s.get("id")
        if string(sid, f"{sw}.id"):
            sw = f"{where} step {sid}"
            if sid in step_ids:
                R.bad(sw, "duplicate step id")
            step_ids.add(sid)
        text(s.get("title"), f"{sw}.title")
        enum(s.get("joiner"), JOINER, f"{sw}.joiner")
        if i == 0 and s.get("joiner") == "or":
            R.warn(sw, "the first step's joiner is ignored; `or` here has no meaning")
        sms = s.get("matters")
        if not isinstance(sms, list) or not sms:
            R.bad(sw, "a step needs at least one matter")
            continue
        for j, sm in enumerate(sms):
            mw = f"{sw}.matters[{j}]"
            if not keys(sm, mw, ("matter_id",), ("applies_when", "material_conditions")):
                continue
            mid = sm.get("matter_id")
            if mid not in matters:
                R.bad(mw, f"matter {mid!r} is not defined in any matters-*.json")
                continue
            mw = f"{sw} matter {mid}"
            if mid in event_matters:
                R.bad(mw, "the same matter appears twice in this event")
            event_matters.append(mid)
            m_aud = matters[mid].get("audience")
            if audience in ("person", "business") and m_aud not in (audience, "both"):
                R.warn(mw, f"a {audience} event bundles a {m_aud} matter")
            if "applies_when" in sm:
                condition(sm["applies_when"], questions, f"{mw}.applies_when")
                condition_questions(sm["applies_when"], used_questions)
            mc = sm.get("material_conditions", {})
            if not isinstance(mc, dict):
                R.bad(f"{mw}.material_conditions", "expected an object keyed by material id")
                continue
            for mat_id, c in mc.items():
                if mat_id not in matter_materials.get(mid, set()):
                    R.bad(mw, f"material_conditions names {mat_id!r}, which is not a material of {mid!r}")
                condition(c, questions, f"{mw}.material_conditions.{mat_id}")
                condition_questions(c, used_questions)

    form = e.get("form")
    if form is not None:
        check_form(form, f"{where}.form", questions, event_matters, matter_materials, used_questions)
    elif e.get("online_apply") is True:
        R.bad(where, "online_apply is true but the event has no combined form")
    for qid in questions:
        if qid not in used_questions:
            R.warn(where, f"question {qid!r} decides nothing (no condition names it)")

    visits = [matters[m]["visits"].get("count", 0) for m in event_matters
              if isinstance(matters[m].get("visits"), dict) and is_int(matters[m]["visits"].get("count"))]
    mv = e.get("max_visits")
    if is_int(mv) and visits:
        if mv < max(visits):
            R.warn(where, f"max_visits {mv} is less than a bundled matter's visits ({max(visits)})")
        if mv > sum(visits):
            R.warn(where, f"max_visits {mv} exceeds the visits of all bundled matters together ({sum(visits)})")
    return event_matters


# ----------------------------------------------------------------------------- main
def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--")]
    werror = "--werror" in argv
    root = Path(args[0]) if args else Path(__file__).resolve().parent / "catalogue"
    if not root.is_dir():
        print(f"no catalogue directory at {root}", file=sys.stderr)
        return 2

    files = sorted(p for p in root.iterdir() if p.is_file())
    categories_file = root / "categories.json"
    departments_file = root / "departments.json"
    matter_files = [p for p in files if p.name.startswith("matters-") and p.suffix == ".json"]
    event_files = [p for p in files if p.name.startswith("events-") and p.suffix == ".json"]
    known = {categories_file, departments_file, *matter_files, *event_files}
    for p in files:
        if p not in known:
            R.bad(p.name, "not a catalogue file the loader reads (categories.json, departments.json, matters-*.json, events-*.json)")

    cats = check_categories(load(categories_file), categories_file.name) if categories_file.exists() else {}
    if not categories_file.exists():
        R.bad("categories.json", "missing")
    depts, offices = ({}, {})
    if departments_file.exists():
        depts, offices = check_departments(load(departments_file), departments_file.name)
    else:
        R.bad("departments.json", "missing")

    matters, matter_file, matter_materials, impl_codes, basic_codes = {}, {}, {}, {}, {}
    material_total, material_ids = 0, set()
    for p in matter_files:
        data = load(p)
        if data is None:
            continue
        if not isinstance(data, list):
            R.bad(p.name, "expected a JSON array")
            continue
        for i, m in enumerate(data):
            mid = m.get("id") if isinstance(m, dict) else None
            if not isinstance(mid, str) or not mid:
                R.bad(f"{p.name}[{i}]", "matter without a string id")
                continue
            where = f"{p.name} matter {mid}"
            if not KEBAB.match(mid):
                R.bad(where, "id must be ASCII kebab-case")
            if mid in matters:
                R.bad(where, f"duplicate matter id (also in {matter_file[mid]})")
                continue
            matters[mid], matter_file[mid] = m, p.name
            check_matter(m, where, depts, offices)
            mats = m.get("materials") if isinstance(m.get("materials"), list) else []
            matter_materials[mid] = {x.get("id") for x in mats if isinstance(x, dict)}
            material_total += len(mats)
            material_ids |= matter_materials[mid]
            ic, bc = m.get("implementation_code"), m.get("basic_code")
            if isinstance(ic, str):
                if ic in impl_codes:
                    R.bad(where, f"implementation_code {ic} is also used by {impl_codes[ic]!r}")
                impl_codes[ic] = mid
            if isinstance(bc, str):
                if bc in basic_codes:
                    R.warn(where, f"basic_code {bc} is also used by {basic_codes[bc]!r}")
                basic_codes[bc] = mid

    # `<x>-application_form` names matter x's own form, or a form several matters share. One used
    # by a single matter under another prefix is most likely a copy-and-paste slip.
    form_users = {}
    for mid, mats in matter_materials.items():
        for mat_id in mats:
            if isinstance(mat_id, str) and mat_id.endswith("-application_form"):
                form_users.setdefault(mat_id, []).append(mid)
    for form_id, users in form_users.items():
        if len(users) == 1 and form_id != f"{users[0]}-application_form":
            R.warn(f"{matter_file[users[0]]} matter {users[0]}",
                   f"{form_id!r} is used by this matter only; its own form is `{users[0]}-application_form`")

    events, bundled = {}, set()
    questions = steps = fields = 0
    for p in event_files:
        data = load(p)
        if data is None:
            continue
        if not isinstance(data, list):
            R.bad(p.name, "expected a JSON array")
            continue
        for i, e in enumerate(data):
            eid = e.get("id") if isinstance(e, dict) else None
            if not isinstance(eid, str) or not eid:
                R.bad(f"{p.name}[{i}]", "event without a string id")
                continue
            where = f"{p.name} event {eid}"
            if not KEBAB.match(eid):
                R.bad(where, "id must be ASCII kebab-case")
            if eid in events:
                R.bad(where, f"duplicate event id (also in {events[eid]})")
                continue
            events[eid] = p.name
            bundled |= set(check_event(e, where, cats, matters, matter_materials))
            questions += len(e.get("questions", []) or [])
            steps += len(e.get("steps", []) or [])
            form = e.get("form")
            if isinstance(form, dict) and isinstance(form.get("fields"), list):
                fields += len(form["fields"])

    for mid in matters:
        if mid not in bundled:
            R.warn(f"{matter_file[mid]} matter {mid}", "is not bundled in any event")
    used_depts = {m.get("department_id") for m in matters.values()}
    for did in depts:
        if did not in used_depts:
            R.warn(f"departments.json department {did}", "no matter is implemented by it")

    print(f"catalogue: {root}")
    print(f"  files: {', '.join(p.name for p in files)}")
    print(f"  categories: {len(cats)}")
    print(f"  departments: {len(depts)} (offices: {len(offices)})")
    print(f"  matters: {len(matters)} in {len(matter_files)} file(s)")
    print(f"  materials: {material_total} entries, {len(material_ids)} distinct ids")
    print(f"  events: {len(events)} in {len(event_files)} file(s) "
          f"(questions: {questions}, steps: {steps}, form fields: {fields})")
    for title, items in (("warnings", R.warnings), ("violations", R.violations)):
        print(f"  {title}: {len(items)}")
        for line in items:
            print(f"    - {line}")
    return 1 if R.violations or (werror and R.warnings) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
