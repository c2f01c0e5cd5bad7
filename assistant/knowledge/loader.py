"""Load the rule base and the dialogues, and check that they fit together.

Each file is validated on its own (schema), then across files: every condition names a real
question and option or a declared fact, every conclusion a catalogued flag, note or fact, and
salience respects what each rule waits for. The first problem stops loading with
``file:line: message``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from .schema import (
    UNKNOWN,
    AnswerIs,
    AnyOf,
    Condition,
    FactAbsent,
    FactDef,
    FactHolds,
    FlagDef,
    FormDef,
    GlossaryEntry,
    GlossaryFile,
    LanguageLexicon,
    Lexicon,
    ModelDef,
    ModelIs,
    NoteDef,
    Question,
    QuestionsFile,
    Rule,
    RulesFile,
    SourceFile,
    TrainingCase,
)
from .shipped import data_dir as data_dir  # read by callers from here too
from .yamlfile import InputError, line_of, parse, read_file, read_text, validate

if TYPE_CHECKING:
    from pydantic import BaseModel

    from .parsed import ParsedCache

M = TypeVar("M", bound="BaseModel")

CONCLUSION_NAMES = {"model", "form"}  # conclusions other rules may also read


@dataclass(frozen=True)
class Located:
    """Where an item came from, for messages."""

    file: str
    text: str
    path: tuple[Any, ...]

    def line(self, *more: Any) -> str:
        n = line_of(self.text, self.path + more)
        return f"{self.file}:{n}" if n else self.file


@dataclass(eq=False)
class KnowledgeBase:
    """Everything the assistant knows, validated and cross-checked."""

    questions: list[Question]
    glossary: list[GlossaryEntry]
    rules: list[Rule]
    facts: dict[str, FactDef]
    models: dict[str, ModelDef]
    forms: dict[str, FormDef]
    flags: dict[str, FlagDef]
    notes: dict[str, NoteDef]
    source: SourceFile
    sha256: str
    cases: list[TrainingCase] = field(default_factory=list)
    lexicon: Lexicon | None = None  # how typed answers are read (dialogues/understanding.yaml)
    # how typed answers are read in other languages (dialogues/<language>/understanding.yaml)
    lexicons: dict[str, LanguageLexicon] = field(default_factory=dict)
    topics: dict[str, str] = field(default_factory=dict)  # rule id -> topic
    where: dict[str, Located] = field(default_factory=dict)  # rule or question id -> origin
    rules_dir: Path | None = None
    language: str = "en"  # the language of its texts (the reasoning is the same in every one)

    @property
    def version(self) -> str:
        return self.source.version

    def question(self, qid: str) -> Question | None:
        return next((q for q in self.questions if q.id == qid), None)

    def case(self, case_id: str) -> TrainingCase | None:
        return next((c for c in self.cases if c.id == case_id), None)

    def rule(self, rid: str) -> Rule:
        return next(r for r in self.rules if r.id == rid)


def rulebase_digest(rules_dir: Path) -> str:
    """sha256 over the rule files, names and bytes, in name order."""
    h = hashlib.sha256()
    for path in sorted(rules_dir.glob("*.yaml")):
        h.update(path.name.encode() + b"\0" + read_file(path) + b"\0")
    return h.hexdigest()


def load_knowledge(
    rules_dir: Path | None = None,
    dialogues_dir: Path | None = None,
    *,
    cache: ParsedCache | None = None,
    language: str = "en",
) -> KnowledgeBase:
    """Load and cross-check the rule base and dialogues (the shipped ones by default); with a
    ``cache``, files read before are not parsed again (see :mod:`assistant.knowledge.parsed`).

    In French (``language="fr"``) every text a person reads comes from the French file beside its
    English one (``fr/``), where it is current; the structure, ids, conditions and citations
    always come from the English files, so both languages reason alike."""
    rules_dir = Path(rules_dir) if rules_dir else data_dir("rules")
    dialogues_dir = Path(dialogues_dir) if dialogues_dir else data_dir("dialogues")
    return _load(rules_dir, dialogues_dir, cache, language)


def shipped_knowledge(language: str | None = None) -> KnowledgeBase:
    """The shipped knowledge in ``language`` (by default the language in force, see
    :mod:`assistant.i18n`), loaded once per process and language (its parsed files cached between
    runs)."""
    from ..i18n import language as current

    return _shipped(language or current())


@cache
def _shipped(language: str) -> KnowledgeBase:
    from .parsed import default_cache

    return load_knowledge(cache=default_cache(), language=language)


def _parsed(path: Path, text: str, cache: ParsedCache | None) -> Any:
    if cache is not None and (data := cache.get(text)) is not None:
        return data
    data = parse(text, str(path))
    if cache is not None:
        cache.put(text, data)
    return data


def _load_file(
    model: type[M], path: Path, cache: ParsedCache | None = None, language: str = "en"
) -> tuple[M, str]:
    text = read_text(path)
    data = _parsed(path, text, cache)
    if language != "en":
        from .translations import french_path, load_translation, translated

        other = french_path(path)
        if other.is_file():
            data = translated(data, load_translation(other))
    try:
        return validate(model, data, text, str(path)), text
    except InputError:
        if cache is None or language != "en":
            raise
    # what the cache held is not what the text parses to after all: parse the file itself
    data = parse(text, str(path))
    checked = validate(model, data, text, str(path))
    cache.put(text, data)
    return checked, text


def _load(
    rules_dir: Path, dialogues_dir: Path, cache: ParsedCache | None = None, language: str = "en"
) -> KnowledgeBase:
    for d in (rules_dir, dialogues_dir):
        if not d.is_dir():
            raise InputError(f"{d}: no such folder")
    source_path = rules_dir / "source.yaml"
    if not source_path.exists():
        raise InputError(f"{source_path}: missing (the report index the citations point into)")
    source, _ = _load_file(SourceFile, source_path, cache)

    questions_path = dialogues_dir / "questions.yaml"
    if not questions_path.exists():
        raise InputError(f"{questions_path}: missing")
    qfile, qtext = _load_file(QuestionsFile, questions_path, cache, language)
    glossary: list[GlossaryEntry] = []
    glossary_path = dialogues_dir / "glossary.yaml"
    if glossary_path.exists():
        gfile, gtext = _load_file(GlossaryFile, glossary_path, cache, language)
        glossary = gfile.glossary
        _unique(
            [(g.id, Located(str(glossary_path), gtext, ("glossary", i))) for i, g in enumerate(glossary)],
            "glossary entry",
        )

    lexicon_path = dialogues_dir / "understanding.yaml"
    lexicon = _load_file(Lexicon, lexicon_path, cache)[0] if lexicon_path.exists() else None
    lexicons = {
        p.parent.name: _load_file(LanguageLexicon, p, cache)[0]
        for p in dialogues_dir.glob("*/understanding.yaml")
    }
    kb = KnowledgeBase(
        lexicon=lexicon,
        lexicons=lexicons,
        questions=qfile.questions,
        glossary=glossary,
        rules=[],
        facts={},
        models={},
        forms={},
        flags={},
        notes={},
        source=source,
        sha256=rulebase_digest(rules_dir),
        rules_dir=rules_dir,
        language=language,
    )
    _unique(
        [
            (q.id, Located(str(questions_path), qtext, ("questions", i)))
            for i, q in enumerate(qfile.questions)
        ],
        "question",
    )
    for i, q in enumerate(qfile.questions):
        kb.where[f"question:{q.id}"] = Located(str(questions_path), qtext, ("questions", i))

    rule_files = sorted(p for p in rules_dir.glob("*.yaml") if p.name != "source.yaml")
    if not rule_files:
        raise InputError(f"{rules_dir}: no rule files (*.yaml)")
    catalog_items: list[tuple[str, str, Located]] = []
    rule_items: list[tuple[str, Located]] = []  # not kb.where: a repeated id would overwrite the first
    for path in rule_files:
        rf, text = _load_file(RulesFile, path, cache, language)
        for kind in ("facts", "models", "forms", "flags", "notes"):
            for i, item in enumerate(getattr(rf, kind)):
                catalog_items.append((kind, item.id, Located(str(path), text, (kind, i))))
                getattr(kb, kind)[item.id] = item
        for i, rule in enumerate(rf.rules):
            kb.rules.append(rule)
            kb.topics[rule.id] = rf.topic
            kb.where[rule.id] = Located(str(path), text, ("rules", i))
            rule_items.append((rule.id, kb.where[rule.id]))
    for kind in ("facts", "models", "forms", "flags", "notes"):
        _unique([(i, loc) for k, i, loc in catalog_items if k == kind], kind[:-1])
    _unique(rule_items, "rule")
    _cross_check(kb, {i: loc for k, i, loc in catalog_items if k == "flags"})
    _load_cases(kb, dialogues_dir / "cases", cache, language)
    return kb


def _load_cases(
    kb: KnowledgeBase, folder: Path, cache: ParsedCache | None = None, language: str = "en"
) -> None:
    """Training cases: each validated, its key checked against the questions."""
    if not folder.is_dir():
        return
    seen: dict[str, str] = {}
    for path in sorted(folder.glob("*.yaml")):
        case, text = _load_file(TrainingCase, path, cache, language)
        loc = Located(str(path), text, ())
        if case.id in seen:
            raise InputError(
                f"{loc.line('id')}: case '{case.id}' is defined twice (first in {seen[case.id]})"
            )
        seen[case.id] = str(path)
        for qid, key in case.key.items():
            q = kb.question(qid)
            if q is None:
                raise InputError(f"{loc.line('key', qid)}: case {case.id}: no question '{qid}'")
            values = key.answer if isinstance(key.answer, list) else [key.answer]
            if isinstance(key.answer, list) and not q.multi:
                raise InputError(
                    f"{loc.line('key', qid)}: case {case.id}: {qid} takes one option, not a list"
                )
            for v in values:
                if v != UNKNOWN and v not in q.option_ids:
                    raise InputError(
                        f"{loc.line('key', qid, 'answer')}: case {case.id}: '{v}' is not an option of {qid}"
                        f" (allowed: {', '.join(q.option_ids)})"
                    )
        for fid in [*case.expect.flags, *case.expect.not_flags]:
            if fid not in kb.flags:
                raise InputError(f"{loc.line('expect')}: case {case.id}: no flag '{fid}'")
        kb.cases.append(case)


def _unique(items: list[tuple[str, Located]], what: str) -> None:
    seen: dict[str, Located] = {}
    for key, loc in items:
        if key in seen:
            raise InputError(
                f"{loc.line('id')}: {what} '{key}' is defined twice (first at {seen[key].line('id')})"
            )
        seen[key] = loc


def walk(
    conditions: list[Condition], path: tuple[Any, ...] = ()
) -> Iterator[tuple[Condition, tuple[Any, ...]]]:
    """Every condition, nested ones included, with its path inside ``when``."""
    for i, c in enumerate(conditions):
        if isinstance(c, AnyOf):
            yield from walk(c.any, (*path, i, "any"))
        else:
            yield c, (*path, i)


class _Lazy:
    """A file:line that is only worked out when a message needs it."""

    def __init__(self, loc: Located, path: tuple[Any, ...]):
        self.loc, self.path = loc, path

    def __str__(self) -> str:
        return self.loc.line(*self.path)

    __format__ = lambda self, spec: format(str(self), spec)  # noqa: E731


def _check_conditions(
    kb: KnowledgeBase, owner: str, conditions: list[Condition], loc: Located, path: tuple[Any, ...]
) -> None:
    """Every condition names a real question and option, or a declared fact."""
    questions = {q.id: q for q in kb.questions}
    for cond, sub in walk(conditions):
        at = _Lazy(loc, (*path, *sub))
        if isinstance(cond, AnswerIs):
            q = questions.get(cond.answer)
            if q is None:
                raise InputError(f"{at}: {owner} reads question '{cond.answer}', which does not exist")
            allowed = set(q.option_ids) | {UNKNOWN}
            bad = [o for o in cond.options if o not in allowed]
            if bad:
                raise InputError(
                    f"{at}: {owner}: '{bad[0]}' is not an option of {q.id}"
                    f" (allowed: {', '.join(q.option_ids)})"
                )
        elif isinstance(cond, (FactHolds, FactAbsent)):
            name = cond.fact if isinstance(cond, FactHolds) else cond.no_fact
            if name not in kb.facts and name not in CONCLUSION_NAMES:
                raise InputError(f"{at}: {owner} names fact '{name}', which is not declared under facts:")


def _cross_check(kb: KnowledgeBase, flag_places: dict[str, Located]) -> None:
    for rule in kb.rules:
        loc = kb.where[rule.id]
        _check_conditions(kb, f"rule {rule.id}", rule.when, loc, ("when",))
        then = rule.then
        at = _Lazy(loc, ("then",))
        if then.derive and then.derive not in kb.facts:
            raise InputError(
                f"{at}: rule {rule.id} derives '{then.derive}', which is not declared under facts:"
            )
        if then.flag and then.flag not in kb.flags:
            raise InputError(
                f"{at}: rule {rule.id} raises flag '{then.flag}', which is not declared under flags:"
            )
        if then.note and then.note not in kb.notes:
            raise InputError(
                f"{at}: rule {rule.id} adds note '{then.note}', which is not declared under notes:"
            )
        if then.model and then.model not in kb.models:
            raise InputError(
                f"{at}: rule {rule.id} concludes model '{then.model}', which is not declared under models:"
            )
        if then.form and then.form not in kb.forms:
            raise InputError(
                f"{at}: rule {rule.id} concludes form '{then.form}', which is not declared under forms:"
            )
    for fid, flag in kb.flags.items():
        for i, m in enumerate(flag.mitigations):
            _check_conditions(
                kb, f"flag {fid}, mitigation {i + 1}", m.when, flag_places[fid], ("mitigations", i, "when")
            )
    _check_salience(kb)


def read_names(cond: Condition) -> Iterator[tuple[str, bool]]:
    """The derived fact names a condition reads, each with whether it is read negated."""
    if isinstance(cond, FactHolds):
        yield cond.fact, False
    elif isinstance(cond, FactAbsent):
        yield cond.no_fact, True
    elif isinstance(cond, ModelIs):
        yield "model", False
    elif isinstance(cond, AnyOf):
        for c in cond.any:
            yield from read_names(c)


def _check_salience(kb: KnowledgeBase) -> None:
    """A rule that waits for a fact to be absent must come after every rule that could lead to it.

    Experta fires by salience and never takes a conclusion back, so a rule reading ``no_fact: X``
    fires correctly only when every rule that can (directly or through other facts) derive X
    has a higher salience. The default model rule relies on this.
    """
    producers: dict[str, list[Rule]] = {}
    for r in kb.rules:
        producers.setdefault(r.then.fact[0], []).append(r)

    @cache
    def feeders(name: str) -> frozenset[str]:
        out: set[str] = set()
        stack = [name]
        seen: set[str] = set()
        while stack:
            n = stack.pop()
            if n in seen:
                continue
            seen.add(n)
            for r in producers.get(n, []):
                out.add(r.id)
                for c in r.when:
                    stack.extend(m for m, _ in read_names(c))
        return frozenset(out)

    for rule in kb.rules:
        for cond in rule.when:
            for name, negated in read_names(cond):
                if not negated:
                    continue
                for rid in sorted(feeders(name)):  # sorted: the same message every run
                    other = kb.rule(rid)
                    if other.id == rule.id:
                        continue  # a default that fires only when nothing else concluded it
                    if other.salience <= rule.salience:
                        raise InputError(
                            f"{kb.where[rule.id].line('salience')}: rule {rule.id} (salience {rule.salience}) waits for"
                            f" '{name}' to be absent, so it must come after rule {other.id}"
                            f" (salience {other.salience}), which can lead to it"
                        )
