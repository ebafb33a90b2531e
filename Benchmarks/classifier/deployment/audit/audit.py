#!/usr/bin/env python3
"""A blind label audit of the deployment set: agreement of two independent annotators with the set's labels
and with each other, and the set relabelled by majority of three.

labels-a.tsv and labels-b.tsv hold `<id>\t<kind>\t<category>` for every mail, written by two annotators who
saw the mails, the labelling rules (config/training/README.md, "Labels and decision rules") and what the two
companies sell, never the set's labels, the model or its predictions. A label changes only where both
annotators agree with each other against it (majority of three); the relabelled set goes to audit/majority/,
a folder `maildesk classifier curve --deployment` reads like the set itself:

    python3 Benchmarks/classifier/deployment/audit/audit.py
"""
import collections, json, pathlib

HERE = pathlib.Path(__file__).resolve().parent
SET = HERE.parent


def kappa(pairs):
    """Cohen's kappa of (label, label) pairs."""
    n = len(pairs)
    observed = sum(a == b for a, b in pairs) / n
    left = collections.Counter(a for a, _ in pairs)
    right = collections.Counter(b for _, b in pairs)
    expected = sum(left[k] * right[k] for k in left) / (n * n)
    return (observed - expected) / (1 - expected)


def main():
    mails = {}
    for path in sorted(SET.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                mails[record["id"]] = record
    annotators = {}
    for name in ("a", "b"):
        labels = {}
        for line in (HERE / f"labels-{name}.tsv").read_text(encoding="utf-8").splitlines():
            if line.strip():
                id, kind, category = line.split("\t")
                labels[id] = (kind, category)
        missing = set(mails) - set(labels)
        assert not missing and set(labels) <= set(mails), f"labels-{name}.tsv: {len(missing)} ids missing"
        annotators[name] = labels
    a, b = annotators["a"], annotators["b"]
    ids = sorted(mails)
    for field, i in (("kind", 0), ("category", 1)):
        original = {id: mails[id][field] for id in ids}
        rows = [
            ("set vs A", [(original[id], a[id][i]) for id in ids]),
            ("set vs B", [(original[id], b[id][i]) for id in ids]),
            ("A vs B", [(a[id][i], b[id][i]) for id in ids]),
        ]
        for name, pairs in rows:
            agree = sum(x == y for x, y in pairs) / len(pairs)
            print(f"{field:9} {name:9} agreement {agree * 100:5.1f} %  kappa {kappa(pairs):.3f}")
        for company in ("bw", "tb"):
            mine = [id for id in ids if id.endswith(company)]
            three = sum(original[id] == a[id][i] == b[id][i] for id in mine) / len(mine)
            print(f"{field:9} {company}: all three agree on {three * 100:5.1f} %")
    changed = collections.Counter()
    out = HERE / "majority"
    out.mkdir(exist_ok=True)
    files = collections.defaultdict(list)
    for id in ids:
        record = dict(mails[id])
        for field, i in (("kind", 0), ("category", 1)):
            if a[id][i] == b[id][i] != record[field]:
                changed[(field, record[field], a[id][i])] += 1
                record[field] = a[id][i]
                if field == "kind" and record["kind"] == "need":
                    record["feedback_type"] = None
        files[record["language"]].append(record)
    for language, records in sorted(files.items()):
        with open(out / f"{language}.jsonl", "w", encoding="utf-8") as f:
            for r in records:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"\nmajority of three: {sum(changed.values())} labels changed")
    for (field, old, new), n in changed.most_common():
        print(f"  {field}: {old} -> {new}: {n}")


if __name__ == "__main__":
    main()
