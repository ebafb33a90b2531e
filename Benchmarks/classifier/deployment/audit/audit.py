#!/usr/bin/env python3
"""A blind label audit of the deployment set: agreement of independent annotators with the set's labels
and with each other, and the set relabelled by the annotators' open calls.

labels-a.tsv and labels-b.tsv hold `<id>\t<kind>\t<category>` for every mail of the first batch (dep-0001 to
dep-0400), labels-c.tsv for every mail of the second (dep-0401 on), written by annotators who saw the mails,
the labelling rules (config/training/README.md, "Labels and decision rules") and what the two companies
sell, never the set's labels, the model or its predictions. In audit/majority/ a first-batch label changes
where both of its annotators agree with each other against it (majority of three), a second-batch label
where its one annotator differs; a folder `maildesk classifier curve --deployment` reads like the set itself:

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
    for name in ("a", "b", "c"):
        labels = {}
        for line in (HERE / f"labels-{name}.tsv").read_text(encoding="utf-8").splitlines():
            if line.strip():
                id, kind, category = line.split("\t")
                labels[id] = (kind, category)
        assert set(labels) <= set(mails), f"labels-{name}.tsv: ids not in the set"
        annotators[name] = labels
    a, b, c = annotators["a"], annotators["b"], annotators["c"]
    first = sorted(set(a) & set(b))
    assert set(a) == set(b) and not set(first) & set(c) and set(first) | set(c) == set(mails), \
        "labels-a and -b must cover the first batch, labels-c the rest"
    for field, i in (("kind", 0), ("category", 1)):
        original = {id: mails[id][field] for id in mails}
        rows = [
            ("first batch, set vs A", [(original[id], a[id][i]) for id in first]),
            ("first batch, set vs B", [(original[id], b[id][i]) for id in first]),
            ("first batch, A vs B", [(a[id][i], b[id][i]) for id in first]),
            ("second batch, set vs C", [(original[id], c[id][i]) for id in sorted(c)]),
        ]
        for name, pairs in rows:
            agree = sum(x == y for x, y in pairs) / len(pairs)
            print(f"{field:9} {name:23} agreement {agree * 100:5.1f} %  kappa {kappa(pairs):.3f}")
        for company in ("bw", "tb"):
            mine = [id for id in first if id.endswith(company)]
            three = sum(original[id] == a[id][i] == b[id][i] for id in mine) / len(mine)
            print(f"{field:9} first batch {company}: all three agree on {three * 100:5.1f} %")
    changed = collections.Counter()
    out = HERE / "majority"
    out.mkdir(exist_ok=True)
    files = collections.defaultdict(list)
    for id in sorted(mails):
        record = dict(mails[id])
        for field, i in (("kind", 0), ("category", 1)):
            call = c[id][i] if id in c else a[id][i] if a[id][i] == b[id][i] else record[field]
            if call != record[field]:
                changed[(field, record[field], call)] += 1
                record[field] = call
                if field == "kind" and record["kind"] == "need":
                    record["feedback_type"] = None
        files[record["language"]].append(record)
    for language, records in sorted(files.items()):
        with open(out / f"{language}.jsonl", "w", encoding="utf-8") as f:
            for r in records:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"\nthe annotators' open calls: {sum(changed.values())} labels changed")
    for (field, old, new), n in changed.most_common():
        print(f"  {field}: {old} -> {new}: {n}")


if __name__ == "__main__":
    main()
