#!/usr/bin/env python3
"""Validate the classifier training data in this directory and print label counts.

Usage: python3 config/training/validate.py
Exits non-zero if any check fails.
"""
import collections
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
FILES = {"zh": "zh.jsonl", "zh-Hant": "zh-Hant.jsonl", "en": "en.jsonl"}
KEYS = ["id", "subject", "body", "kind", "feedback_type", "category", "priority",
        "language", "sentiment", "rating", "split"]
ALLOWED = {
    "kind": {"need", "feedback"},
    "feedback_type": {None, "praise", "complaint", "suggestion"},
    "category": {"sales", "technical", "after_sales", "billing", "other"},
    "priority": {"urgent", "high", "normal", "low"},
    "language": {"zh", "zh-Hant", "en"},
    "sentiment": {"positive", "neutral", "negative"},
    "split": {"train", "test"},
}
# Characters that exist only in one script; used as a sanity check on the language label.
SIMPLIFIED_ONLY = set("这们发门锁请说问时个后过还没让号钥账们务单见货给购买价设备网关")
TRADITIONAL_ONLY = set("這們發門鎖請說問時個後過還沒讓號鑰帳務單見貨給購買價設備網關")

errors = []
def err(msg):
    errors.append(msg)

records = []
for lang, name in FILES.items():
    path = os.path.join(HERE, name)
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            where = f"{name}:{n}"
            try:
                r = json.loads(line)
            except json.JSONDecodeError as e:
                err(f"{where}: not valid JSON ({e})")
                continue
            if list(r.keys()) != KEYS:
                err(f"{where}: keys {list(r.keys())} != {KEYS}")
                continue
            for k, allowed in ALLOWED.items():
                if r[k] not in allowed:
                    err(f"{where}: {k}={r[k]!r} not allowed")
            if r["language"] != lang:
                err(f"{where}: language {r['language']} in {name}")
            if not r["id"].startswith(lang + "-"):
                err(f"{where}: id {r['id']} does not start with {lang}-")
            if (r["kind"] == "need") != (r["feedback_type"] is None):
                err(f"{where}: feedback_type must be null iff kind=need")
            if r["rating"] is not None and (type(r["rating"]) is not int or not 1 <= r["rating"] <= 5):
                err(f"{where}: rating {r['rating']!r} must be null or int 1-5")
            if not isinstance(r["subject"], str) or not isinstance(r["body"], str) or not r["body"].strip():
                err(f"{where}: subject/body must be strings, body non-empty")
            text = r["subject"] + r["body"]
            if lang == "zh-Hant" and SIMPLIFIED_ONLY & set(text):
                err(f"{where}: simplified characters in zh-Hant text: {''.join(sorted(SIMPLIFIED_ONLY & set(text)))}")
            if lang == "zh" and TRADITIONAL_ONLY & set(text):
                err(f"{where}: traditional characters in zh text: {''.join(sorted(TRADITIONAL_ONLY & set(text)))}")
            records.append(r)

ids = collections.Counter(r["id"] for r in records)
for i, c in ids.items():
    if c > 1:
        err(f"duplicate id {i}")
bodies = collections.Counter(r["body"].strip() for r in records)
for b, c in bodies.items():
    if c > 1:
        err(f"duplicate body: {b[:60]!r}")

# Split checks: ~20% test overall and per language; every label value present in test.
test = [r for r in records if r["split"] == "test"]
for lang in FILES:
    rs = [r for r in records if r["language"] == lang]
    share = sum(r["split"] == "test" for r in rs) / max(len(rs), 1)
    if not 0.17 <= share <= 0.23:
        err(f"{lang}: test share {share:.2%} outside 17-23%")
for field in ["kind", "feedback_type", "category", "priority", "language", "sentiment"]:
    missing = {v for v in ALLOWED[field] if v is not None} - {r[field] for r in test}
    if missing:
        err(f"test split lacks {field} values {sorted(missing)}")
for lang in FILES:
    lt = [r for r in test if r["language"] == lang]
    for field in ["kind", "feedback_type", "category", "priority"]:
        missing = {v for v in ALLOWED[field] if v is not None} - {r[field] for r in lt}
        if missing:
            err(f"{lang} test split lacks {field} values {sorted(missing)}")
for kind in ["need", "feedback"]:
    missing = ALLOWED["category"] - {r["category"] for r in test if r["kind"] == kind}
    if missing:
        err(f"test split lacks {kind} x category {sorted(missing)}")

def table(title, key):
    c = collections.Counter(key(r) for r in records)
    t = collections.Counter(key(r) for r in test)
    print(f"\n{title}")
    for k in sorted(c, key=lambda x: (str(x))):
        print(f"  {str(k):<28} total {c[k]:>4}   train {c[k]-t[k]:>4}   test {t[k]:>4}")

print(f"records: {len(records)}  train: {len(records)-len(test)}  test: {len(test)} ({len(test)/len(records):.1%})")
table("language", lambda r: r["language"])
table("kind", lambda r: r["kind"])
table("feedback_type", lambda r: r["feedback_type"] or "-")
table("category", lambda r: r["category"])
table("kind x category", lambda r: f"{r['kind']}/{r['category']}")
table("priority", lambda r: r["priority"])
table("sentiment", lambda r: r["sentiment"])
table("rating", lambda r: r["rating"] if r["rating"] is not None else "null")

if errors:
    print(f"\n{len(errors)} problem(s):")
    for e in errors:
        print("  " + e)
    sys.exit(1)
print("\nOK: all checks passed")
