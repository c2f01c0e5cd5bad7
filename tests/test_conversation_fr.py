"""The conversation in French: a whole consultation typed in French, the French command words
(read in any session, beside the English ones), every reply written in French, and the switch of
language, which keeps the answers and the result."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant import i18n
from assistant.consultation.consult import Consultation
from assistant.conversation import Conversation, Reply, SwitchLanguage
from assistant.conversation.registry import SPECS, help_text, parse_command
from assistant.knowledge.loader import shipped_knowledge

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def process_language() -> Iterator[None]:
    """The switch of language sets the process's language: put it back after each test."""
    before = i18n.language()
    yield
    i18n.set_language(before)


@pytest.fixture(scope="module")
def kb_fr():
    return shipped_knowledge("fr")


@pytest.fixture
def conv(kb_fr) -> Conversation:
    c = Conversation(kb_fr)  # it speaks its knowledge's language, French
    assert_french(c.start())
    return c


# --- English left in a French reply ----------------------------------------------------------------

# Words of English that French never writes (not "question", "options", "type", "note"…).
ENGLISH = re.compile(
    r"\b(the|and|you|your|of|with|which|what|this|that|is|are|answer|answers|recommendation|"
    r"unknown|not|noted|why|how|summary|back|undo|see|now|so far|did|mean|there|no longer)\b",
    flags=re.IGNORECASE,
)
# What may be English in a French reply: code spans (the commands, typed in either language) and
# words in “…” (the report's quotations, and the words the officer typed).
_NOT_OURS = re.compile(r"`[^`]*`|“[^”]*”")


def english_in(text: str) -> list[str]:
    """The English words of a reply, outside its code spans and quotations."""
    return ENGLISH.findall(_NOT_OURS.sub(" ", text))


def assert_french(replies: list[Reply]) -> None:
    for r in replies:
        if r.role == "assistant":
            found = english_in(r.text)
            assert not found, f"English in a French {r.kind} reply: {found}\n{r.text}"


def test_the_heuristic_finds_english_and_passes_french():
    assert english_in("Noted: Hostility: High. Recommendation now: two feet out.")
    assert english_in("I did not record “x” as an answer about OCHA.")
    assert not english_in("C'est noté — Hostilité : Élevée. Tapez `why` ou `summary`.")
    assert not english_in("*Le rapport :* … “the humanitarian coordination function is provided by OCHA”")


# --- a whole consultation typed in French ----------------------------------------------------------

# Answers typed in French, by question; the others get their first option's French label.
TYPED = {
    "un_presence": "opération de maintien de la paix multidimensionnelle",
    "country_team": "oui",
    "geographic_mandate": "ce seul pays",
    "armed_groups_outside_process": "non",
    "ocha_presence": "l'OCHA n'est plus là",  # a negation: proposed, then accepted
    "security_situation": "stable",
    "hostility": "pas très hostile",  # a negated degree: the neighbour, proposed
}


def say(c: Conversation, typed: str) -> list[Reply]:
    replies = c.handle(typed)
    assert_french(replies)
    return replies


def walk_to(c: Conversation, qid: str) -> None:
    """Answer in French until question ``qid`` is asked; a reading proposed is accepted."""
    for _ in range(len(c.kb.questions) + 1):
        q = c.current_question
        assert q is not None, f"the interview ended before {qid} was asked"
        if q.id == qid:
            return
        if say(c, TYPED.get(q.id, q.options[0].label))[-1].kind == "propose":
            say(c, "")
    raise AssertionError(f"{qid} never came up")


def answer_all(c: Conversation) -> list[Reply]:
    """Answer every question left in French; a reading proposed is accepted (Enter)."""
    replies: list[Reply] = []
    for _ in range(len(c.kb.questions) + 1):
        q = c.current_question
        if q is None:
            return replies
        replies = say(c, TYPED.get(q.id, q.options[0].label))
        if replies[-1].kind == "propose":
            replies = say(c, "")
    raise AssertionError("the interview did not end")


def test_a_whole_consultation_in_french(conv):
    c = conv
    with i18n.using("fr"):
        assert c.current_question is not None and c.current_question.id == "un_presence"
        for qid in ("un_presence", "country_team", "geographic_mandate"):
            walk_to(c, qid)
            replies = say(c, TYPED[qid])
            assert replies[1].kind == "ack" and replies[1].text.startswith("C'est noté")
        walk_to(c, "ocha_presence")
        # a negation is read, proposed, and recorded when accepted
        proposed = say(c, "l'OCHA n'est plus là")[-1]
        assert proposed.kind == "propose" and proposed.candidates == ("not_present",)
        assert "Entrée l'enregistre" in proposed.text
        noted = say(c, "")[0]
        assert c.consultation.answers["ocha_presence"] == ("not_present",)
        assert "vous avez tapé" in noted.text and "«\u00a0l'OCHA n'est plus là\u00a0»" in noted.text
        # `pourquoi` about the question now open
        open_question = c.current_question
        assert open_question is not None
        why = say(c, "pourquoi")[-1]
        assert why.kind == "why" and why.text.startswith(
            f"**Pourquoi je pose la question «\u00a0{open_question.name}"
        )
        assert why.citations
        walk_to(c, "hostility")
        proposed = say(c, "pas très hostile")[-1]
        assert proposed.kind == "propose" and proposed.candidates == ("moderate",)
        say(c, "oui")
        assert c.consultation.answers["hostility"] == ("moderate",)
        answers = dict(c.consultation.answers)

        # what if OCHA leaves: said beside the result, nothing recorded
        whatif = say(c, "et si l'OCHA part")[-1]
        assert whatif.kind == "whatif" and whatif.other is not None
        assert whatif.text.count("**Et si") == 1 and "| Modèle |" in whatif.text
        assert c.consultation.answers == answers

        # the glossary's French term, by its French abbreviation, and by the English one
        explained = say(c, "expliquer RSASG")[-1]
        assert explained.kind == "explain" and explained.citations
        assert "Représentant spécial adjoint du Secrétaire général (RSASG)" in explained.text
        assert say(c, "qu'est-ce qu'un RSASG ?")[-1].text == explained.text
        assert say(c, "explain DSRSG")[-1].text == explained.text

        summary = say(c, "résumé")[-1]
        assert summary.kind == "summary" and summary.text.startswith("**Vos réponses**")
        assert "**Recommandation\u00a0:**" in summary.text

        last = c.asked[-1]
        back = say(c, "retour")
        assert back[1].text.startswith("Retour à la question")
        assert last not in c.consultation.answers
        undone = say(c, "annuler")
        assert undone[1].text.startswith("Annulé")
        assert c.consultation.answers == answers

        final = answer_all(c)
        assert [r.kind for r in final][-2:] == ["final", "annex"]


def test_french_replies_to_mistakes_and_refusals(conv):
    with i18n.using("fr"):
        unclear = say(conv, "peut-être demain")[-1]
        assert unclear.kind == "unclear" and unclear.text.startswith("Je n'ai pas enregistré")
        assert say(conv, "et si")[-1].kind in ("whatif", "error", "unclear", "info", "explain")
        assert say(conv, "expliquer machin")[-1].text.startswith("«\u00a0machin\u00a0» ne figure pas")
        assert say(conv, "retour")[-1].text == "Il n'y a pas de réponse précédente à laquelle revenir."
        assert say(conv, "annuler")[-1].text == "Il n'y a rien à annuler dans cette conversation."
        assert say(conv, "exporter en Word")[-1].text == "Exporter le compte rendu au format Word."
        say(conv, "1")
        confirm = say(conv, "recommencer")[-1]
        assert confirm.kind == "confirm" and "`oui`" in confirm.text
        assert say(conv, "non")[-1].text == "Rien n'a été effacé\u00a0: vos réponses sont conservées."
        say(conv, "ignorées")
        say(conv, "aide")
        say(conv, "note à vérifier auprès du CR")
        assert say(conv, "quitter")[-1].text == "Au revoir."


def test_french_training_refusal():
    kb = shipped_knowledge("fr")
    with i18n.using("fr"):
        c = Conversation(kb, training=kb.cases[0])
        assert_french(c.start())
        refused = say(c, "comment")[-1]
        assert refused.text.startswith("Pas pendant la formation")


# --- the command words -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "name", "arg"),
    [
        ("pourquoi", "why", ""),
        ("Pourquoi ?", "why", ""),
        ("comment", "how", ""),
        ("résumé", "summary", ""),
        ("resume", "summary", ""),
        ("RÉSUMÉ", "summary", ""),
        ("retour", "back", ""),
        ("annuler", "undo", ""),
        ("et si l'OCHA part", "whatif", "l'OCHA part"),
        ("et si l’OCHA part ?", "whatif", "l’OCHA part"),
        ("que se passerait-il si l'hostilité est élevée", "whatif", "l'hostilité est élevée"),
        ("expliquer RSASG", "explain", "RSASG"),
        ("qu'est-ce qu'un RSASG ?", "explain", "RSASG"),
        ("qu'est-ce que la cohérence ?", "explain", "cohérence"),
        ("que veut dire RSSG", "explain", "RSSG"),
        ("c'est quoi l'OCHA", "explain", "OCHA"),
        ("expliquer le raisonnement", "how", ""),
        ("changer hostilité élevée", "set", "hostilité élevée"),
        ("note à vérifier", "note", "à vérifier"),
        ("exporter html", "export", "html"),
        ("exporter", "export", ""),
        ("ignorées", "skipped", ""),
        ("pourquoi ignorée sécurité", "skipped", "sécurité"),
        ("recommencer", "restart", ""),
        ("dossier", "brief", ""),
        ("prédire", "predict", ""),
        ("aide", "help", ""),
        ("quitter", "quit", ""),
        ("langue fr", "language", "fr"),
        ("langue anglais", "language", "anglais"),
        ("language french", "language", "french"),
        ("en français", "language", "français"),
        ("langue", "language", ""),
    ],
)
def test_french_command_words(typed, name, arg):
    command = parse_command(typed)
    assert command is not None and (command.name, command.arg) == (name, arg)


@pytest.mark.parametrize("spec", [s for s in SPECS if s.typed_fr], ids=lambda s: s.name)
def test_each_french_typed_form_calls_its_command(spec):
    for form in spec.typed_fr:
        command = parse_command(form.replace("[FORMAT]", "html"))
        assert command is not None and command.name == spec.name, (form, command)


def test_the_lexicons_command_words_are_read(kb_fr):
    """The French words for the commands (dialogues/fr/understanding.yaml) call them; those that
    need words after them (`changer`, `et si`, `note`) with some."""
    needs_arg = {"set", "whatif", "note"}
    typed = {s.name for s in SPECS if s.typed}
    for name, words in kb_fr.lexicons["fr"].commands.items():
        if name not in typed:  # a key of the interface only (the panel, the theme…)
            continue
        for word in words:
            text = f"{word} hostilité élevée" if name in needs_arg else word
            command = parse_command(text)
            assert command is not None and command.name == name, (word, command)


@pytest.mark.parametrize(("lang", "typed", "kind"), [("fr", "why", "why"), ("en", "pourquoi", "why")])
def test_both_languages_words_work_in_any_session(lang, typed, kind):
    with i18n.using(lang):
        c = Conversation(shipped_knowledge(lang))
        c.start()
        assert c.handle(typed)[-1].kind == kind


def test_the_french_help_shows_the_french_words_then_the_english():
    with i18n.using("fr"):
        text = help_text(training=False)
    assert "- `pourquoi` (`why`)\u00a0: pourquoi cette question est posée" in text
    assert "`langue fr`" in text and "Touches\u00a0:" in text
    assert not english_in(text)


# --- the switch of language ------------------------------------------------------------------------


def test_switching_language_keeps_the_answers_and_the_result(conv):
    c = conv
    with i18n.using("fr"):
        for _ in range(6):
            q = c.current_question
            assert q is not None
            c.handle(TYPED.get(q.id, q.options[0].label))
            if c.proposal is not None:
                c.handle("")
        answers = dict(c.consultation.answers)
        asking = c.current_question
        assert asking is not None
        result_fr = c.result

        replies = c.handle("langue en")
    assert c.take_effects() == [SwitchLanguage("en")]
    assert i18n.language() == "en"
    assert c.kb is shipped_knowledge("en") and c.language == "en"
    assert c.consultation.answers == answers
    assert replies[1].text == f"From now on I speak English; your {len(answers)} answers are kept."
    again = replies[-1]
    assert again.kind == "question" and again.question == asking.id
    assert again.text.startswith("**Question") and " of up to " in again.text
    english = Consultation(shipped_knowledge("en"), answers).result
    assert c.result.recommendation.model == english.recommendation.model == result_fr.recommendation.model
    assert [f.id for f in c.result.flags] == [f.id for f in result_fr.flags]
    # typed answers are now read in English; and back to French
    assert c.handle("why")[-1].text.startswith("**Why I ask about")
    back = c.handle("language fr")
    assert c.take_effects() == [SwitchLanguage("fr")]
    assert back[1].text.startswith("Je parle désormais français")
    assert c.kb is shipped_knowledge("fr") and c.consultation.answers == answers
    assert_french(back)


def test_a_language_named_wrong_or_already_spoken(conv):
    with i18n.using("fr"):
        assert conv.handle("langue fr")[-1].text == "Je parle déjà français."
        assert conv.handle("langue klingon")[-1].text.startswith("Je ne parle pas «\u00a0klingon\u00a0»")
        assert conv.take_effects() == []


def test_a_finished_interview_shows_its_recommendation_again_in_the_new_language(conv):
    with i18n.using("fr"):
        answer_all(conv)
        replies = conv.handle("language en")
    assert [r.kind for r in replies][-2:] == ["final", "annex"]


# --- the catalog -----------------------------------------------------------------------------------


def test_every_marked_string_of_the_conversation_has_french():
    files = i18n.python_files([str(ROOT / "assistant" / "conversation")])
    assert i18n.missing(files) == []
