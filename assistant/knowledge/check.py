"""Check a rule base beyond loading: anomalies that load cleanly but reason badly.

``integration-assistant check`` loads the files (any structural error stops it with
``file:line: message``), then looks for

* rules that can never fire: contradictory conditions within a term (one single-select question
  required to be two options, a fact required both present and absent, two different models),
  options that do not exist, facts nothing derives; and more generally rules that fire for no
  assignment of answers, found by three-valued evaluation with every question unresolved and
  confirmed by a search over the questions the rule depends on;
* rules subsumed by another rule with the same conclusion;
* gaps (answers that give no model) and overlaps (answers that give two models), by evaluating
  the model rules over every combination of answers to the questions they read;
* questions no rule reads and options no rule tells apart;
* missing citations, and citations the paragraph index of rules/source.yaml does not back.

Each anomaly is one line, ``file:line: severity: message``. Answers that no rule condition tells
apart give the same evaluation, so the searches evaluate one answer per class of such answers and
count each class at its full size; ``exhaustive=True`` evaluates every combination instead.
"""
from __future__ import annotations

import sys
import time
from dataclasses import dataclass, replace
from functools import lru_cache, reduce
from itertools import combinations, product
from pathlib import Path
from typing import Any, Iterable, Iterator, TextIO

import yaml
from pydantic import BaseModel

from ..consultation import result as _result  # noqa: F401  (imported before sensitivity, which it completes)
from ..consultation.sensitivity import model_questions, model_rules
from ..reasoning.compiled import CompiledRule, CompiledRuleBase, Literal, compile_rules, literals, leading_to
from ..reasoning.evaluate import CERTAIN, evaluate
from .loader import KnowledgeBase, Located, load_knowledge, walk
from .schema import (
    UNKNOWN,
    BriefPart,
    ChecklistItem,
    Citation,
    GlossaryEntry,
    KeyAnswer,
    Mitigation,
    Question,
    Rule,
    Stated,
)
from .yamlfile import SafeLoader, InputError, read_text

SINGLE_VALUED = {"model"}  # a consultation concludes one model: two different ones contradict
SEARCH_LIMIT = 50_000  # answer classes a never-fires search may evaluate per rule
MULTI_LIMIT = 10  # a multi-select question with more free options is searched one option at a time
CATALOGUES = ("facts", "models", "forms", "flags", "notes")

Value = tuple[str, ...] | None  # an answer; None: not answered


# --- the report ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Anomaly:
    kind: str  # e.g. "contradiction", "never_fires", "gap", "citation_page"
    severity: str  # "error" or "warning"
    where: str  # file:line
    message: str
    rules: tuple[str, ...] = ()
    questions: tuple[str, ...] = ()

    def line(self) -> str:
        return f"{self.where}: {self.severity}: {self.message}"


@dataclass
class CheckReport:
    anomalies: list[Anomaly]
    rules: int = 0
    questions: int = 0
    combinations: int = 0  # answer combinations the gap and overlap search covers
    evaluated: int = 0  # evaluations it took (one per class of equivalent combinations)
    seconds: float = 0.0

    @property
    def errors(self) -> list[Anomaly]:
        return [a for a in self.anomalies if a.severity == "error"]

    @property
    def warnings(self) -> list[Anomaly]:
        return [a for a in self.anomalies if a.severity == "warning"]

    def of(self, kind: str) -> list[Anomaly]:
        return [a for a in self.anomalies if a.kind == kind]

    @property
    def kinds(self) -> set[str]:
        return {a.kind for a in self.anomalies}

    def lines(self) -> list[str]:
        return [a.line() for a in self.anomalies]

    def summary(self) -> str:
        e, w = len(self.errors), len(self.warnings)
        return (
            f"check: {e} error{'s' * (e != 1)}, {w} warning{'s' * (w != 1)} ({self.rules} rules,"
            f" {self.questions} questions, {self.combinations} combinations checked in {self.seconds:.2f} s)"
        )


# --- locations -----------------------------------------------------------------------------------

@lru_cache(maxsize=64)
def _tree(text: str) -> yaml.Node | None:
    try:
        return yaml.compose(text, Loader=SafeLoader)
    except yaml.YAMLError:
        return None


def _at(loc: Located | None, *path: Any) -> str:
    """file:line of the value at ``path`` under ``loc`` (or its nearest parent): line_of, cached."""
    if loc is None:
        return "<rule base>"
    node = _tree(loc.text)
    if node is None:
        return loc.line(*path)
    line = node.start_mark.line + 1
    for key in loc.path + path:
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if str(k.value) == str(key):
                    line, node = k.start_mark.line + 1, v
                    break
            else:
                break
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
            line = node.start_mark.line + 1
        else:
            break
    return f"{loc.file}:{line}"


class _Places:
    """Where catalogue entries, glossary entries and training cases stand (the loader keeps only
    rules and questions in ``kb.where``)."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self.items: dict[tuple[str, str], Located] = {}
        self.glossary: dict[str, Located] = {}
        self.cases: dict[str, Located] = {}
        if kb.rules_dir is not None:
            for path in sorted(Path(kb.rules_dir).glob("*.yaml")):
                if path.name == "source.yaml":
                    continue
                text, data = self._read(path)
                for kind in CATALOGUES:
                    for i, item in enumerate((data or {}).get(kind) or []):
                        if isinstance(item, dict) and "id" in item:
                            self.items.setdefault((kind, str(item["id"])), Located(str(path), text, (kind, i)))
        qloc = next((loc for key, loc in kb.where.items() if key.startswith("question:")), None)
        if qloc is not None:
            folder = Path(qloc.file).parent
            gpath = folder / "glossary.yaml"
            if gpath.exists():
                text, data = self._read(gpath)
                for i, item in enumerate((data or {}).get("glossary") or []):
                    if isinstance(item, dict) and "id" in item:
                        self.glossary.setdefault(str(item["id"]), Located(str(gpath), text, ("glossary", i)))
            for path in sorted((folder / "cases").glob("*.yaml")):
                text, data = self._read(path)
                if isinstance(data, dict) and "id" in data:
                    self.cases.setdefault(str(data["id"]), Located(str(path), text, ()))

    @staticmethod
    def _read(path: Path) -> tuple[str, Any]:
        text = read_text(path)
        return text, yaml.load(text, Loader=SafeLoader)  # noqa: S506 - a safe loader; loaded before

    def rule(self, rid: str) -> Located | None:
        return self.kb.where.get(rid)

    def question(self, qid: str) -> Located | None:
        return self.kb.where.get(f"question:{qid}")


# --- answers and their classes -------------------------------------------------------------------

def _domain(q: Question | None) -> list[Value]:
    """Every answer a question can have: each option, valid sets for multi-select, unknown, none."""
    if q is None:
        return [None]
    singles: list[Value] = [(o,) for o in q.option_ids]
    sets: list[Value] = []
    if q.multi:
        free = [o for o in q.option_ids if o not in q.exclusive]
        if len(free) <= MULTI_LIMIT:
            sets = [c for n in range(2, len(free) + 1) for c in combinations(free, n)]
    return singles + sets + [(UNKNOWN,), None]


def _show(value: Value) -> str:
    if value is None:
        return "(unanswered)"
    return value[0] if len(value) == 1 else "[" + ", ".join(value) + "]"


@dataclass
class _Space:
    qids: tuple[str, ...]
    choices: list[list[tuple[Value, int]]]  # per question: (representative answer, class size)

    @property
    def total(self) -> int:
        return reduce(lambda n, c: n * sum(w for _, w in c), self.choices, 1)

    @property
    def evaluated(self) -> int:
        return reduce(lambda n, c: n * len(c), self.choices, 1)

    def combos(self) -> Iterator[tuple[dict[str, tuple[str, ...]], int, tuple[Value, ...]]]:
        for picked in product(*self.choices):
            values = tuple(v for v, _ in picked)
            weight = reduce(lambda n, p: n * p[1], picked, 1)
            yield {q: v for q, v in zip(self.qids, values) if v is not None}, weight, values

    def describe(self, values: tuple[Value, ...]) -> str:
        return ", ".join(f"{q}={_show(v)}" for q, v in zip(self.qids, values)) or "(no questions)"


def _space(kb: KnowledgeBase, base: CompiledRuleBase, qids: Iterable[str], exhaustive: bool = False) -> _Space:
    """The answers to ``qids``, grouped into classes no answer literal of ``base`` tells apart.

    An answer literal matches when the answer holds one of its options; two answers every literal
    on the question treats alike give identical facts, so one stands for its class.
    """
    lits: dict[str, list[frozenset[str] | None]] = {}
    for r in base.rules:
        for term in r.terms:
            for lit in term:
                if lit.kind == "answer" and lit.values not in lits.setdefault(lit.name, []):
                    lits[lit.name].append(lit.values)
    qids = tuple(qids)
    choices = []
    for qid in qids:
        domain = _domain(kb.question(qid))
        if exhaustive:
            choices.append([(v, 1) for v in domain])
            continue
        groups: dict[tuple[bool, ...], list[Value]] = {}
        for v in domain:
            sig = tuple(v is not None and (vals is None or any(x in vals for x in v)) for vals in lits.get(qid, []))
            groups.setdefault(sig, []).append(v)
        choices.append([(g[0], len(g)) for g in groups.values()])
    return _Space(qids, choices)


# --- helpers on compiled rules -------------------------------------------------------------------

def _conclusion(fact: tuple[str, str]) -> str:
    name, value = fact
    if name.startswith("flag:"):
        return f"flag {name[5:]}, severity {value}"
    if name.startswith("note:"):
        return f"note {name[5:]}"
    if name in ("model", "form"):
        return f"{name} {value}"
    return f"fact {name}" + ("" if value == "yes" else f" = {value}")


def _lit_text(lit: Literal) -> str:
    """A literal as its condition reads: ``fact: x``, ``no_fact: x = v``, ``model: a|b``, ``q = a|b``."""
    vals = "" if lit.values is None else "|".join(sorted(lit.values))
    if lit.kind == "answer":
        return f"{lit.name} = {vals}"
    if lit.name == "model" and not lit.negated and vals:
        return f"model: {vals}"
    return ("no_fact: " if lit.negated else "fact: ") + lit.name + (f" = {vals}" if vals else "")


def _paths(rule: Rule) -> dict[Literal, tuple[Any, ...]]:
    """Each literal of a rule, with the path of the condition it comes from."""
    out: dict[Literal, tuple[Any, ...]] = {}
    for cond, path in walk(rule.when):
        for alt in literals(cond):
            for lit in alt:
                out.setdefault(lit, ("when", *path))
    return out


def _support(base: CompiledRuleBase, rid: str) -> CompiledRuleBase:
    """A rule and every rule that can (through facts) lead to what it reads."""
    return leading_to(base, set(), keep=frozenset([rid]))


def _implies(a: Literal, b: Literal) -> bool:
    """Whenever literal ``a`` holds, so does ``b``."""
    if (a.kind, a.name, a.negated) != (b.kind, b.name, b.negated):
        return False
    if not a.negated:
        return b.values is None or (a.values is not None and a.values <= b.values)
    return a.values is None or (b.values is not None and b.values <= a.values)


def _term_implies(ta: tuple[Literal, ...], tb: tuple[Literal, ...]) -> bool:
    return all(any(_implies(la, lb) for la in ta) for lb in tb)


# --- the checks ----------------------------------------------------------------------------------

class _Checker:
    def __init__(self, kb: KnowledgeBase, exhaustive: bool):
        self.kb = kb
        self.exhaustive = exhaustive
        self.places = _Places(kb)
        self.base = compile_rules(kb)
        self.questions = {q.id: q for q in kb.questions}
        self.out: list[Anomaly] = []
        self._seen: set[tuple[str, str, str]] = set()
        self.produced: dict[str, set[str]] = {}
        for r in kb.rules:
            name, value = r.then.fact
            self.produced.setdefault(name, set()).add(value)
        self.live: dict[str, tuple[bool, ...]] = {}  # rule id -> which terms can hold at all
        self.dead: set[str] = set()  # rules that can never fire, however found
        self.combinations = self.evaluated = 0

    def add(self, kind: str, severity: str, where: str, message: str,
            rules: Iterable[str] = (), questions: Iterable[str] = ()) -> None:
        key = (kind, where, message)
        if key not in self._seen:
            self._seen.add(key)
            self.out.append(Anomaly(kind, severity, where, message, tuple(rules), tuple(questions)))

    def run(self) -> None:
        self.terms()
        self.never_fires()
        self.subsumed()
        self.gaps_and_overlaps()
        self.unread()
        self.unused_definitions()
        self.citations()
        self.basis()
        self.wording()

    # rules that can never fire: term by term -------------------------------------------------

    def _derivable(self, lit: Literal) -> bool:
        values = self.produced.get(lit.name)
        return bool(values) and (lit.values is None or bool(lit.values & values))

    def _term_issues(self, term: tuple[Literal, ...]) -> tuple[bool, list[tuple[str, str, Literal, str]]]:
        """Whether a term can hold, and its problems: (kind, severity, literal, text)."""
        issues: list[tuple[str, str, Literal, str]] = []
        dead = False
        by_q: dict[str, list[Literal]] = {}
        pos: dict[str, list[Literal]] = {}
        neg: dict[str, list[Literal]] = {}
        for lit in term:
            if lit.kind == "answer":
                q = self.questions.get(lit.name)
                if q is None:
                    issues.append(("unknown_option", "error", lit, f"reads question '{lit.name}', which does not exist"))
                    dead = True
                    continue
                bad = sorted(lit.values - set(q.option_ids) - {UNKNOWN}) if lit.values else []
                if bad:
                    issues.append(("unknown_option", "error", lit,
                                   f"'{bad[0]}' is not an option of {q.id} (allowed: {', '.join(q.option_ids)})"))
                    if not (lit.values - set(bad)):
                        dead = True
                        continue
                by_q.setdefault(lit.name, []).append(lit)
            elif lit.negated:
                neg.setdefault(lit.name, []).append(lit)
                if not self._derivable(lit):
                    issues.append(("redundant_condition", "warning", lit,
                                   f"waits for '{_lit_text(lit)}', which always holds since no rule derives"
                                   f" {lit.name}{'' if lit.values is None else ' = ' + '|'.join(sorted(lit.values))}:"
                                   " the condition is redundant"))
            else:
                pos.setdefault(lit.name, []).append(lit)
                if not self._derivable(lit):
                    issues.append(("underived_fact", "error", lit,
                                   f"needs '{_lit_text(lit)}', which no rule derives"))
                    dead = True
        for qid, lits in by_q.items():
            if len(lits) < 2:
                continue
            q = self.questions[qid]
            sets = [lit.values & (set(q.option_ids) | {UNKNOWN}) for lit in lits]
            if not q.multi:
                ok = bool(reduce(lambda a, b: a & b, sets))
            else:
                alone = set(q.exclusive) | {UNKNOWN}
                ok = any(all(v in s for s in sets) for v in alone) or all(s - alone for s in sets)
            if not ok:
                shown = " and ".join("|".join(sorted(s)) for s in sets)
                kind = "several at once that cannot be combined" if q.multi else "two answers at once"
                issues.append(("contradiction", "error", lits[-1], f"requires {qid} to be {shown}: {kind}"))
                dead = True
        for name in pos.keys() & neg.keys():
            for p in pos[name]:
                for n in neg[name]:
                    if n.values is None or (p.values is not None and p.values <= n.values):
                        issues.append(("contradiction", "error", n,
                                       f"requires both '{_lit_text(p)}' and '{_lit_text(n)}': present and absent at once"))
                        dead = True
        for name in SINGLE_VALUED & pos.keys():
            known = [lit.values for lit in pos[name] if lit.values is not None]
            if len(known) >= 2 and not reduce(lambda a, b: a & b, known):
                shown = " and ".join("|".join(sorted(v)) for v in known)
                issues.append(("contradiction", "error", pos[name][-1],
                               f"requires the {name} to be {shown}: a consultation concludes one {name}"))
                dead = True
        return not dead, issues

    def terms(self) -> None:
        for cr in self.base.rules:
            paths = _paths(cr.rule)
            loc = self.places.rule(cr.id)
            results = [self._term_issues(term) for term in cr.terms]
            self.live[cr.id] = tuple(ok for ok, _ in results)
            all_dead = not any(self.live[cr.id])
            if all_dead:
                self.dead.add(cr.id)
            for t, (ok, issues) in enumerate(results):
                for kind, severity, lit, text in issues:
                    if severity == "error":
                        if all_dead:
                            text += ", so the rule can never fire"
                        elif len(cr.terms) > 1:
                            text += f", so alternative {t + 1} of {len(cr.terms)} can never hold"
                    questions = (lit.name,) if lit.kind == "answer" else ()
                    self.add(kind, severity, _at(loc, *paths.get(lit, ("when",))), f"rule {cr.id} {text}",
                             rules=(cr.id,), questions=questions)

    # rules that can never fire: by evaluation --------------------------------------------------

    def pruned(self) -> CompiledRuleBase:
        """The compiled base without the terms that cannot hold."""
        return replace(self.base, rules=tuple(
            replace(cr, terms=tuple(t for t, ok in zip(cr.terms, self.live[cr.id]) if ok)) for cr in self.base.rules
        ))

    def never_fires(self) -> None:
        base = self.pruned()
        asked = {lit.name for cr in base.rules for t in cr.terms for lit in t if lit.kind == "answer"}
        ev = evaluate(base, {}, frozenset(asked | set(self.questions)))
        status: dict[str, int] = {}
        for f in ev.firings:
            status[f.rule] = max(status.get(f.rule, 0), f.status)
        for cr in base.rules:
            if not cr.terms:
                continue  # already reported, term by term
            loc = self.places.rule(cr.id)
            if cr.id not in status:
                why = self._why_false(cr, ev)
                self.dead.add(cr.id)
                self.add("never_fires", "error", _at(loc, "when"),
                         f"rule {cr.id} can never fire, whatever the answers: {why}", rules=(cr.id,))
            elif status[cr.id] < CERTAIN:
                sub = _support(base, cr.id)
                qids = tuple(q.id for q in self.kb.questions if any(
                    lit.kind == "answer" and lit.name == q.id for r in sub.rules for t in r.terms for lit in t))
                space = _space(self.kb, sub, qids)
                if space.evaluated > SEARCH_LIMIT:
                    continue  # too many to confirm; three-valued evaluation found no proof it is dead
                if not any(any(f.rule == cr.id for f in evaluate(sub, answers).firings) for answers, _, _ in space.combos()):
                    self.dead.add(cr.id)
                    self.add("never_fires", "error", _at(loc, "when"),
                             f"rule {cr.id} can never fire: no answers to {', '.join(qids) or 'any question'} make it fire"
                             f" ({space.total} combinations searched)", rules=(cr.id,), questions=qids)

    def _why_false(self, cr: CompiledRule, ev: Any) -> str:
        """Why three-valued evaluation finds a rule dead: a fact it needs that nothing that can
        fire derives, or a fact it needs absent that some rule always derives."""
        for term in cr.terms:
            for lit in term:
                if lit.kind != "fact":
                    continue
                held = {v: s for (n, v), s in ev.facts.items() if n == lit.name and (lit.values is None or v in lit.values)}
                if not lit.negated and not held:
                    makers = sorted(r.id for r in self.kb.rules if r.then.fact[0] == lit.name
                                    and (lit.values is None or r.then.fact[1] in lit.values))
                    if not makers:
                        return f"it needs '{_lit_text(lit)}', which no rule derives"
                    return (f"it needs '{_lit_text(lit)}', which only {', '.join(makers)} can derive,"
                            f" and {'it' if len(makers) == 1 else 'none of them'} can never fire")
                if lit.negated and CERTAIN in held.values():
                    makers = sorted({f.rule for f in ev.firings if f.status == CERTAIN and lit.matches(*f.concludes)})
                    return f"it needs '{_lit_text(lit)}', but {', '.join(makers)} always derive{'s' * (len(makers) == 1)} it"
        return "every alternative has a condition that cannot hold"

    # redundant rules --------------------------------------------------------------------------

    def subsumed(self) -> None:
        order = {r.id: i for i, r in enumerate(self.kb.rules)}
        groups: dict[tuple[str, str], list[CompiledRule]] = {}
        for cr in self.base.rules:
            if cr.id not in self.dead:  # a dead rule is reported as such, not as redundant
                groups.setdefault(cr.concludes, []).append(cr)
        for concludes, rules in groups.items():
            rules = sorted(rules, key=lambda r: order[r.id])
            live = {r.id: [t for t, ok in zip(r.terms, self.live[r.id]) if ok] for r in rules}

            def covers(b: CompiledRule, a: CompiledRule) -> bool:
                return all(any(_term_implies(ta, tb) for tb in live[b.id]) for ta in live[a.id])

            for a in rules:
                for b in rules:
                    if a is b or not covers(b, a):
                        continue
                    if covers(a, b) and order[a.id] < order[b.id]:
                        continue  # the same conditions twice: report the later one
                    self.add("subsumed", "warning", _at(self.places.rule(a.id)),
                             f"rule {a.id} is subsumed by rule {b.id}: whenever it fires, {b.id} fires too and"
                             f" concludes the same ({_conclusion(concludes)}); it is redundant", rules=(a.id, b.id))
                    break

    # gaps and overlaps ------------------------------------------------------------------------

    def gaps_and_overlaps(self) -> None:
        sub = model_rules(self.base)
        qids = model_questions(self.base)
        space = _space(self.kb, sub, qids, self.exhaustive)
        self.combinations, self.evaluated = space.total, space.evaluated
        gaps, gap_example = 0, None
        overlaps: dict[tuple[tuple[str, str], ...], list[Any]] = {}
        settling: set[str] = set()  # model rules that settle the model for some complete set of answers
        for answers, weight, values in space.combos():
            ev = evaluate(sub, answers)
            models = ev.values("model")
            if models and all(v is not None and v != (UNKNOWN,) for v in values):
                settling.update(f.rule for f in ev.firings if f.concludes[0] == "model" and f.status == CERTAIN)
            if not models:
                gaps += weight
                gap_example = gap_example or values
            elif len(models) > 1:
                by = tuple(sorted({(f.concludes[1], f.rule) for f in ev.firings
                                   if f.concludes[0] == "model" and f.status == CERTAIN}))
                entry = overlaps.setdefault(by, [0, values])
                entry[0] += weight
        model_makers = [r for r in self.kb.rules if r.then.kind == "model"]
        order = {r.id: i for i, r in enumerate(self.kb.rules)}
        if gaps:
            last = min(model_makers, key=lambda r: r.salience, default=None)
            anywhere = next(iter(self.kb.where.values()), None)
            where = _at(self.places.rule(last.id)) if last else f"{anywhere.file if anywhere else '<rule base>'}:1"
            self.add("gap", "error", where,
                     f"gap: {gaps} of {space.total} answer combinations conclude no model,"
                     f" e.g. {space.describe(gap_example)}", questions=qids)
        for by, (count, example) in sorted(overlaps.items(), key=lambda kv: -kv[1][0]):
            models = sorted({m for m, _ in by})
            rules = tuple(dict.fromkeys(r for _, r in by))
            newest = max(rules, key=lambda rid: order[rid])  # the rule loaded last: likely the newcomer
            self.add("overlap", "error", _at(self.places.rule(newest)),
                     f"overlap: {count} of {space.total} answer combinations conclude {' and '.join(models)}"
                     f" (rules {', '.join(rules)}), e.g. {space.describe(example)}", rules=rules, questions=qids)
        self.confidences(model_makers, settling)

    def confidences(self, model_makers: list[Rule], settling: set[str]) -> None:
        """A model rule's confidence must be one the rule base can produce, and fit its basis:
        inferred is the assistant's reading; firm and default rest on the report."""
        for r in model_makers:
            where = _at(self.places.rule(r.id), "then")
            conf = r.then.confidence
            if conf == "tentative" and r.id in settling:
                self.add("confidence_unreachable", "error", where,
                         f"rule {r.id} declares confidence tentative, but it settles the model for complete sets of"
                         " answers, where nothing is left open", rules=(r.id,))
            elif conf != "tentative" and r.id not in self.dead and r.id not in settling:
                self.add("confidence_unreachable", "error", where,
                         f"rule {r.id} declares confidence {conf}, which no complete set of answers produces:"
                         " it only fires while an answer is open, so its result is always tentative", rules=(r.id,))
            if conf == "inferred" and r.basis == "report":
                self.add("confidence_basis", "error", where,
                         f"rule {r.id} concludes with confidence inferred but is marked as the report's:"
                         " an inference is the assistant's (basis: assistant)", rules=(r.id,))
            if conf in ("firm", "default") and r.basis == "assistant":
                self.add("confidence_basis", "error", where,
                         f"rule {r.id} is the assistant's reading but concludes with confidence {conf}:"
                         " the assistant's reading is inferred", rules=(r.id,))

    # questions and options --------------------------------------------------------------------

    def unread(self) -> None:
        mentioned: dict[str, set[str]] = {}
        for cr in self.base.rules:
            for term in cr.terms:
                for lit in term:
                    if lit.kind == "answer":
                        mentioned.setdefault(lit.name, set()).update(lit.values or ())
        for q in self.kb.questions:
            loc = self.places.question(q.id)
            if q.id not in mentioned:
                self.add("unread_question", "warning", _at(loc),
                         f"question {q.id} is read by no rule: its answer never changes the result", questions=(q.id,))
                continue
            quiet = [o for o in q.option_ids if o not in mentioned[q.id]]
            if len(quiet) < 2 or len(quiet) == len(q.option_ids):
                continue
            for o in quiet:
                others = ", ".join(x for x in quiet if x != o)
                self.add("undistinguished_option", "warning", _at(loc, "options", q.option_ids.index(o)),
                         f"option {o} of question {q.id} is not told apart from {others}: no rule condition mentions"
                         " any of them, so choosing one or the other never changes anything", questions=(q.id,))

    def unused_definitions(self) -> None:
        read = {lit.name for cr in self.base.rules for t in cr.terms for lit in t if lit.kind == "fact"}
        concluded = set(self.produced)
        for kind in CATALOGUES:
            for item_id in getattr(self.kb, kind):
                name = {"facts": item_id, "flags": f"flag:{item_id}", "notes": f"note:{item_id}"}.get(kind)
                loc = self.places.items.get((kind, item_id))
                if kind == "facts":
                    if name not in read and name not in concluded:
                        self.add("unused_definition", "warning", _at(loc),
                                 f"fact {item_id} is declared but no rule derives or reads it")
                    continue
                if kind in ("models", "forms"):
                    hit = any(r.then.fact == (kind[:-1], item_id) for r in self.kb.rules)
                else:
                    hit = name in concluded
                if not hit:
                    makers = [r.id for r in self.kb.rules if r.then.fact[0] == name]
                    self.add("unused_definition", "warning", _at(loc),
                             f"{kind[:-1]} {item_id} is defined but no rule concludes it", rules=makers)

    # citations --------------------------------------------------------------------------------

    def _owners(self) -> Iterator[tuple[Any, Located | None, str, tuple[str, ...], tuple[str, ...]]]:
        """Everything that holds statements or citations: (object, where it stands, its name,
        rules and questions to name with it)."""
        kb, places = self.kb, self.places
        for q in kb.questions:
            yield q, places.question(q.id), f"question {q.id}", (), (q.id,)
        for g in kb.glossary:
            yield g, places.glossary.get(g.id), f"glossary entry {g.id}", (), ()
        for r in kb.rules:
            yield r, places.rule(r.id), f"rule {r.id}", (r.id,), ()
        for kind in ("models", "forms", "flags", "notes"):
            for item in getattr(kb, kind).values():
                yield item, places.items.get((kind, item.id)), f"{kind[:-1]} {item.id}", (), ()
        for case in kb.cases:
            yield case, places.cases.get(case.id), f"training case {case.id}", (), ()

    def citations(self) -> None:
        for obj, loc, owner, rules, questions in self._owners():
            self._cite(obj, loc, (), owner, rules, questions)

    def _cite(self, obj: Any, loc: Located | None, path: tuple[Any, ...], owner: str,
              rules: tuple[str, ...] = (), questions: tuple[str, ...] = ()) -> None:
        """Every citation under ``obj``, checked against the report's paragraph index."""
        if isinstance(obj, Citation):
            self._one_citation(obj, loc, path, owner, rules, questions)
        elif isinstance(obj, (list, tuple)):
            for i, x in enumerate(obj):
                self._cite(x, loc, path + (i,), owner, rules, questions)
        elif isinstance(obj, dict):
            for k, x in obj.items():
                self._cite(x, loc, path + (k,), owner, rules, questions)
        elif isinstance(obj, BaseModel):
            for name, info in type(obj).model_fields.items():
                self._cite(getattr(obj, name), loc, path + (info.alias or name,), owner, rules, questions)

    # basis: the report's, or the assistant's --------------------------------------------------

    def basis(self) -> None:
        """Every statement says whose it is; a report statement quotes the passage that states it; an
        assistant statement never presents passages as support (it may point to them with see)."""
        for obj, loc, owner, rules, questions in self._owners():
            for st, path in _statements(obj):
                where, what = _at(loc, *path), _statement_name(st, path, owner)
                if st.basis is None:
                    self.add("basis_missing", "error", where, f"{what} does not say its basis (report or assistant)",
                             rules=rules, questions=questions)
                elif st.basis == "report":
                    if not any(c.quote for c in st.citations):
                        self.add("basis_unquoted", "error", where,
                                 f"{what} is marked as the report's but cites no passage with a quote that states it",
                                 rules=rules, questions=questions)
                elif st.citations:
                    self.add("basis_support", "error", where,
                             f"{what} is the assistant's, but presents citations as its support: list them under see",
                             rules=rules, questions=questions)

    def wording(self) -> None:
        """Explanations are built from clauses written for them, never from labels in templates."""
        for q in self.kb.questions:
            loc = self.places.question(q.id)
            if q.subject is None:
                self.add("wording_missing", "error", _at(loc, "id"),
                         f"question {q.id} has no subject (e.g. 'whether OCHA is present in the country')",
                         questions=(q.id,))
            for i, o in enumerate(q.options):
                if o.clause is None:
                    self.add("wording_missing", "error", _at(loc, "options", i),
                             f"option {o.id} of question {q.id} has no clause (a whole sentence saying it holds)",
                             questions=(q.id,))
        for fid, fact in self.kb.facts.items():
            loc = self.places.items.get(("facts", fid))
            for value in sorted(self.produced.get(fid, set()) - {"yes"}):
                if value not in fact.values:
                    self.add("wording_missing", "error", _at(loc, "id"),
                             f"fact {fid} is derived with value {value}, which has no clause under values:")
            if fact.negation is None and any(
                lit.negated and lit.name == fid for r in self.base.rules for t in r.terms for lit in t
            ):
                self.add("wording_missing", "error", _at(loc, "id"),
                         f"fact {fid} is read as absent, but has no negation (a clause saying it does not hold)")

    def _one_citation(self, c: Citation, loc: Located | None, path: tuple[Any, ...], owner: str,
                      rules: tuple[str, ...], questions: tuple[str, ...]) -> None:
        if c.source != self.kb.source.source:
            return  # another work: the report's paragraph index does not apply
        where = _at(loc, *path)
        para = self.kb.source.paragraphs.get(c.paragraph)
        if para is None:
            self.add("citation_paragraph", "error", where,
                     f"{owner} cites paragraph {c.paragraph}, which is not in the report's index (rules/source.yaml)",
                     rules=rules, questions=questions)
            return
        if not _pages(c.page) & _pages(para.page):
            self.add("citation_page", "error", where,
                     f"{owner} cites {c.paragraph} on p. {c.page}, but {c.paragraph} is on p. {para.page}",
                     rules=rules, questions=questions)
        if c.section != para.section:
            self.add("citation_section", "error", where,
                     f"{owner} cites {c.paragraph} under section '{c.section}', but {c.paragraph} is in '{para.section}'",
                     rules=rules, questions=questions)


def _statements(obj: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Stated, tuple[Any, ...]]]:
    """Every statement under ``obj`` (itself included), with its path."""
    if isinstance(obj, Stated):
        yield obj, path
    if isinstance(obj, (list, tuple)):
        for i, x in enumerate(obj):
            yield from _statements(x, path + (i,))
    elif isinstance(obj, dict):
        for k, x in obj.items():
            yield from _statements(x, path + (k,))
    elif isinstance(obj, BaseModel):
        for name, info in type(obj).model_fields.items():
            if name not in ("citations", "see"):
                yield from _statements(getattr(obj, name), path + (info.alias or name,))


def _statement_name(st: Stated, path: tuple[Any, ...], owner: str) -> str:
    """'mitigation 2 of flag x', 'the why of question y', 'brief paragraph 1 of training case z'."""
    if not path:
        field = {Question: "the why of ", GlossaryEntry: "the definition of ", Rule: "the explanation of "}.get(type(st), "")
        return f"{field}{owner}"
    kind = {Mitigation: "mitigation", ChecklistItem: "item", BriefPart: "brief paragraph"}.get(type(st))
    if kind and isinstance(path[-1], int):
        return f"{kind} {path[-1] + 1} of {owner}"
    if isinstance(st, KeyAnswer):
        return f"the key's reason for {path[-1]} in {owner}"
    return f"{' '.join(str(p) for p in path if isinstance(p, str)).replace('_', ' ')} of {owner}"


def _pages(page: str) -> set[int]:
    a, _, b = page.partition("-")
    return set(range(int(a), int(b or a) + 1))


def _sort_key(a: Anomaly) -> tuple[str, int]:
    file, _, line = a.where.rpartition(":")
    return (file, int(line)) if line.isdigit() else (a.where, 0)


# --- entry points --------------------------------------------------------------------------------

def check_knowledge(kb: KnowledgeBase, *, exhaustive: bool = False) -> CheckReport:
    """Every anomaly in a loaded knowledge base, sorted by file and line."""
    start = time.perf_counter()
    checker = _Checker(kb, exhaustive)
    checker.run()
    return CheckReport(
        anomalies=sorted(checker.out, key=_sort_key),
        rules=len(kb.rules),
        questions=len(kb.questions),
        combinations=checker.combinations,
        evaluated=checker.evaluated,
        seconds=time.perf_counter() - start,
    )


def run_check(rules_dir: Path | None = None, dialogues_dir: Path | None = None, *,
              out: TextIO | None = None, exhaustive: bool = False) -> int:
    """``integration-assistant check``: load, check, print; 1 when there is an error, else 0."""
    out = out or sys.stdout
    start = time.perf_counter()
    try:
        kb = load_knowledge(rules_dir, dialogues_dir)
    except InputError as exc:
        print(exc, file=out)
        print("check: 1 error, 0 warnings (the files do not load; nothing else was checked)", file=out)
        return 1
    report = check_knowledge(kb, exhaustive=exhaustive)
    report.seconds = time.perf_counter() - start
    for line in report.lines():
        print(line, file=out)
    print(report.summary(), file=out)
    return 1 if report.errors else 0
