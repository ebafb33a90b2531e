#!/usr/bin/env python3
"""Builds the deployment evaluation set's JSONL files from the hand-written sources.

source/<company>-<language>[.<batch>].txt holds one mail per block:

    ### <category> <priority> <need | feedback:praise|complaint|suggestion> <sentiment> [rating]
    <subject, or - for none>
    <body lines, blank lines kept>

This script writes no text: it checks the labels, gives every mail an id in a fixed, shuffled arrival order
(dep-NNNN-<company>; sorting by id is the order agents meet the mails) and writes en.jsonl, zh.jsonl and
zh-Hant.jsonl. The first batch (files without a batch suffix) keeps the ids it had before later batches
were written (the audit refers to them); each later batch is shuffled on its own and numbered after it. Run it after editing a source file: python3 Benchmarks/classifier/deployment/build.py
"""
import collections, json, pathlib, random, sys

HERE = pathlib.Path(__file__).resolve().parent
CATEGORIES = {"sales", "technical", "after_sales", "billing", "other"}
PRIORITIES = {"urgent", "high", "normal", "low"}
SENTIMENTS = {"positive", "neutral", "negative"}
FEEDBACK = {"praise", "complaint", "suggestion"}


def blocks(path):
    """The mails of one source file, as (header, subject, body, line)."""
    current = None
    for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        if line.startswith("### "):
            if current:
                yield current
            current = [line[4:].split(), None, [], n]
        elif current is not None:
            if current[1] is None:
                current[1] = "" if line.strip() == "-" else line.strip()
            else:
                current[2].append(line)
    if current:
        yield current


def main():
    batches, problems = collections.defaultdict(list), []
    for path in sorted((HERE / "source").glob("*.txt")):
        name, _, batch = path.stem.partition(".")
        company, language = name.split("-", 1)
        mails = batches[batch[:1] or "1"]
        for header, subject, body, n in blocks(path):
            where = f"{path.name}:{n}"
            if len(header) not in (4, 5):
                problems.append(f"{where}: header needs category priority kind sentiment [rating]")
                continue
            category, priority, kind, sentiment = header[:4]
            rating = int(header[4]) if len(header) == 5 and header[4].isdigit() else None
            if len(header) == 5 and rating is None: problems.append(f"{where}: rating {header[4]}")
            kind, _, feedback_type = kind.partition(":")
            text = "\n".join(body).strip("\n")
            if category not in CATEGORIES: problems.append(f"{where}: category {category}")
            if priority not in PRIORITIES: problems.append(f"{where}: priority {priority}")
            if sentiment not in SENTIMENTS: problems.append(f"{where}: sentiment {sentiment}")
            if kind == "feedback" and feedback_type not in FEEDBACK: problems.append(f"{where}: feedback type")
            if kind == "need" and feedback_type: problems.append(f"{where}: a need has no feedback type")
            if kind not in ("need", "feedback"): problems.append(f"{where}: kind {kind}")
            if rating is not None and not 1 <= rating <= 5: problems.append(f"{where}: rating {rating}")
            if not text: problems.append(f"{where}: empty body")
            mails.append(dict(company=company, subject=subject, body=text, kind=kind,
                              feedback_type=feedback_type or None, category=category, priority=priority,
                              language=language, sentiment=sentiment, rating=rating))
    if problems:
        print("\n".join(problems), file=sys.stderr)
        sys.exit(1)
    # Arrival order: the companies' and languages' mails interleaved as a mailbox would receive them.
    files, mails = collections.defaultdict(list), []
    for batch in sorted(batches):
        ordered = batches[batch]
        random.Random(20261122 if batch == "1" else f"{20261122}-{batch}").shuffle(ordered)
        mails += ordered
    for i, m in enumerate(mails, 1):
        record = {"id": f"dep-{i:04d}-{m.pop('company')}"}
        record.update(m)
        record["split"] = "deployment"
        files[record["language"]].append(record)
    for language, records in sorted(files.items()):
        with open(HERE / f"{language}.jsonl", "w", encoding="utf-8") as out:
            for r in records:
                out.write(json.dumps(r, ensure_ascii=False) + "\n")
    counts = collections.Counter((r["id"][-2:], r["language"]) for rs in files.values() for r in rs)
    print(f"{len(mails)} mails:", ", ".join(f"{c}/{l} {k}" for (c, l), k in sorted(counts.items())))
    for key in ("kind", "category", "priority"):
        print(key, dict(collections.Counter(r[key] for rs in files.values() for r in rs).most_common()))


if __name__ == "__main__":
    main()
