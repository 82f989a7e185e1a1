"""Score the news matcher against labelled pages, as the acceptance checks do.

Usage: python benchmarks/score_matcher.py [LABELS.jsonl ...] [-v]
Each labels file lists pages relative to its own directory (`file`), with `published`,
`alert_expected`, `principal_council` and `events`. Prints alert precision/recall, event
precision/recall/F1 on (council, judgement, grade), previous-grade and principal accuracy.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from alerts.matcher import classify

DEFAULT = [
    Path(__file__).resolve().parent.parent / "tests/data/news/labels.jsonl",
    Path(__file__).resolve().parent.parent / "tests/data/news/seeds.jsonl",
]


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    ev_tp: int = 0
    ev_fp: int = 0
    ev_fn: int = 0
    prev_ok: int = 0
    prev_all: int = 0
    principal_ok: int = 0
    pages: int = 0
    misses: list[str] = field(default_factory=list)

    def line(self) -> str:
        def ratio(a: int, b: int) -> float:
            return a / b if b else 1.0

        p, r = ratio(self.tp, self.tp + self.fp), ratio(self.tp, self.tp + self.fn)
        ep = ratio(self.ev_tp, self.ev_tp + self.ev_fp)
        er = ratio(self.ev_tp, self.ev_tp + self.ev_fn)
        f1 = 2 * ep * er / (ep + er) if ep + er else 0.0
        return (f"pages={self.pages} alert P={p:.3f} R={r:.3f} | events P={ep:.3f} R={er:.3f} "
                f"F1={f1:.3f} | previous={ratio(self.prev_ok, self.prev_all):.3f} "
                f"principal={ratio(self.principal_ok, self.pages):.3f}")


def _key(event: dict[str, object]) -> tuple[object, object, object]:
    return (event.get("council_code") or event.get("council"), event.get("judgement"),
            event.get("grade"))


def score(paths: list[Path], now: datetime, verbose: bool = False) -> Score:
    total = Score()
    for path in paths:
        for raw in path.read_text(encoding="utf-8").splitlines():
            if not raw.strip():
                continue
            label = json.loads(raw)
            page = path.parent / label["file"]
            published = date.fromisoformat(label["published"]) if label.get("published") else None
            got = classify(page.read_bytes(), url=label.get("url"), published=published,
                           now=now).to_json(str(page))
            _add(total, label, got, verbose)
    return total


def _add(total: Score, label: dict, got: dict, verbose: bool) -> None:
    total.pages += 1
    expected_alert, alert = bool(label["alert_expected"]), bool(got["alert"])
    total.tp += expected_alert and alert
    total.fp += alert and not expected_alert
    total.fn += expected_alert and not alert
    want = {_key(e): e for e in label["events"]}
    have = {_key(e): e for e in got["events"]}
    matched = set(want) & set(have)
    total.ev_tp += len(matched)
    total.ev_fp += len(set(have) - set(want))
    total.ev_fn += len(set(want) - set(have))
    for key in matched:
        total.prev_all += 1
        total.prev_ok += want[key].get("previous_grade") == have[key].get("previous_grade")
    total.principal_ok += label.get("principal_council") == got.get("principal_council")
    wrong = (expected_alert != alert or set(want) != set(have)
             or label.get("principal_council") != got.get("principal_council"))
    if wrong:
        total.misses.append(label["file"])
        if verbose:
            print(f"MISS {label['file']}: kind {got['kind']} (want {label.get('kind')}), "
                  f"principal {got['principal_council']} (want {label.get('principal_council')})")
            print(f"     missing {sorted(map(str, set(want) - set(have)))}")
            print(f"     extra   {sorted(map(str, set(have) - set(want)))}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("labels", nargs="*", type=Path)
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    result = score(args.labels or DEFAULT, datetime.now(), args.verbose)
    print(result.line())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
