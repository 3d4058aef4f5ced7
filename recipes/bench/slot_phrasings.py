#!/usr/bin/env python3
"""Intent accuracy on phrasings a slot model heard in training and on phrasings it did not.

A command's phrasing is its transcript with every slot's words replaced by the slot type
("wake me up at {time} {date}"), which is the corpus template it was spoken from. A test
command's phrasing is "heard" when some training command has the same phrasing.

    recipes/bench/slot_phrasings.py TRAIN.jsonl TEST.jsonl DETAILS.jsonl...

TRAIN and TEST are slot manifests; each DETAILS file is what `promptwave eval --task slots
--manifest TEST --details FILE` wrote. Prints, per details file, the intent accuracy of the heard
commands, of the unheard ones, and of all.
"""
import json
import sys


def phrasing(entry):
    text = entry["text"]
    for slot in sorted(entry.get("slots", []), key=lambda s: -s["start"]):
        text = text[:slot["start"]] + "{" + slot["type"] + "}" + text[slot["end"]:]
    return text


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def main(argv):
    if len(argv) < 4:
        sys.exit(__doc__.strip())
    heard = {phrasing(e) for e in read_jsonl(argv[1])}
    test = {e["id"]: e for e in read_jsonl(argv[2])}
    for details in argv[3:]:
        counts = {"heard": [0, 0], "unheard": [0, 0]}
        missing = 0
        for row in read_jsonl(details):
            gold = test.get(row.get("id"))
            if gold is None:
                missing += 1
                continue
            group = "heard" if phrasing(gold) in heard else "unheard"
            counts[group][0] += row["hypothesis"].get("intent") == gold["intent"]
            counts[group][1] += 1
        cells = []
        for group in ("heard", "unheard"):
            right, n = counts[group]
            cells.append(f"{group} phrasings {right}/{n} = {100 * right / n:.1f} %" if n else f"{group} phrasings 0")
        total_right = counts["heard"][0] + counts["unheard"][0]
        total = counts["heard"][1] + counts["unheard"][1]
        line = f"{details}: " + "; ".join(cells) + f"; all {total_right}/{total} = {100 * total_right / max(1, total):.1f} %"
        if missing:
            line += f" ({missing} rows not in the test manifest)"
        print(line)


if __name__ == "__main__":
    main(sys.argv)
