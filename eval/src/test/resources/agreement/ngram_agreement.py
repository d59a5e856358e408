#!/usr/bin/env python3
"""An independent ngram-agreement, for the tests: reads the training sequences as the test wrote them (JSON, not the
engine's files), counts by brute force what followed each context's suffixes in the sequences seen by the step, and
sets it against the model's log-probabilities (as the Java side computed them) with the same definitions:
KL(data || model) in nats, top-1 agreement (lowest id among equal maxima on both sides), the model's probability of
the data's top token. Orders 1..4 and inf (longest suffix followed by something, else the token frequencies).

usage: ngram_agreement.py INPUT.json  ->  JSON on stdout
INPUT: {"sequences": [[ids]], "special": [ids], "batch": B, "step": S, "contexts": [[ids]], "logprobs": [[floats]]}
"""
import json
import math
import sys


def main():
    spec = json.load(open(sys.argv[1]))
    special = set(spec["special"])
    seen = spec["sequences"][: spec["batch"] * spec["step"]]

    def follow(gram):
        counts = {}
        k = len(gram)
        for seq in seen:
            for i in range(len(seq) - k):  # a next token inside the sequence
                window = seq[i : i + k]
                if window == gram and not any(t in special for t in window):
                    nxt = seq[i + k]
                    counts[nxt] = counts.get(nxt, 0) + 1
        return counts

    unigram = {}
    for seq in seen:
        for t in seq:
            if t not in special:
                unigram[t] = unigram.get(t, 0) + 1

    def top(values_by_id):
        best, best_value = None, None
        for i in sorted(values_by_id):
            if best_value is None or values_by_id[i] > best_value:
                best, best_value = i, values_by_id[i]
        return best

    out = []
    for context, logprobs in zip(spec["contexts"], spec["logprobs"]):
        model_top = max(range(len(logprobs)), key=lambda i: (logprobs[i], -i))
        rows = []
        for order in ["1", "2", "3", "4", "inf"]:
            if order == "1":
                n, counts = 1, unigram
            elif order == "inf":
                n, counts = 1, unigram
                for k in range(len(context), 0, -1):
                    c = follow(context[len(context) - k :])
                    if c:
                        n, counts = k + 1, c
                        break
            else:
                k = int(order) - 1
                if len(context) < k:
                    rows.append(None)
                    continue
                n, counts = int(order), follow(context[len(context) - k :])
            total = sum(counts.values())
            if total == 0:
                rows.append({"order": order, "n": n, "seen": 0})
                continue
            kl = sum(c / total * (math.log(c / total) - logprobs[t]) for t, c in counts.items())
            data_top = top(counts)
            rows.append({"order": order, "n": n, "seen": total, "kl": kl, "top1": model_top == data_top,
                         "p_top": math.exp(logprobs[data_top])})
        out.append(rows)
    json.dump(out, sys.stdout)


main()
