"""Sentence-level cues: result cues, background and description sentences, prior work against our own."""
from __future__ import annotations

import re

from spacy.tokens import Span, Token

from claimgraph.extract.claims.lexicon import (
    _DESCRIPTION_VERBS,
    _GENERIC_HEADS,
    _PRIOR_ADJ,
    _PRIOR_QUANT,
    _REPORT_VERBS,
    _RESULT_SUBJECT_NOUNS,
    _WORK_NOUNS,
)
from claimgraph.extract.claims.parse import _ancestors, _conjuncts, _first, _is_passive
from claimgraph.extract.claims.patterns import _CITATION, _SELF_REFERENCE
from claimgraph.extract.claims.records import _Pred


def _sentence_cue(sent: Span) -> float:
    """1.0 for an explicit result cue, 0.5 for a weak one, 0 for none."""
    for t in sent:
        lem = t.lemma_.lower()
        if lem in _REPORT_VERBS and t.pos_ in ("VERB", "AUX"):
            comp = _first(t, "ccomp", "xcomp", "dobj", "advcl")
            subj = _first(t, "nsubj", "nsubjpass")
            if comp is None:
                continue
            perfect = any(c.dep_ == "aux" and c.lemma_ == "have" for c in t.children)
            if subj is not None and (subj.lower_ == "we" or subj.lemma_.lower() in _RESULT_SUBJECT_NOUNS - _GENERIC_HEADS):
                if not _is_prior_np(subj) and not (perfect and subj.lower_ != "we" and not {
                        c.lower_ for c in subj.children} & {"our", "these", "this"}):
                    return 1.0
            if subj is not None and _is_passive(t) and comp.dep_ == "xcomp" and not any(
                    c.dep_ == "aux" and c.lemma_ == "have" for c in t.children):
                return 1.0
            if subj is None and t.dep_ in ("advcl", "conj", "pcomp", "acl") and comp.dep_ == "ccomp":
                return 1.0
        if lem in ("empirically", "experimentally") and t.i - sent.start < 3:
            return 1.0
    text = sent.text.lower()
    if re.search(r"\d\s*\\?\s*%|significantly|consistently|substantially|outperform|state-of-the-art|"
                 r"\bthan\b|compared (?:to|with)|\bsota\b", text):
        return 0.5
    return 0.0


def _is_prior_np(tok: Token | None) -> bool:
    """Does the noun phrase headed by tok name prior work ("existing methods", "Lee et al.")?"""
    if tok is None or tok.lower_ in ("we", "us"):
        return False
    left = [t for t in tok.subtree if t.i <= tok.i]
    lows = {t.lower_ for t in left}
    if lows & _PRIOR_ADJ:
        return True
    if tok.lemma_.lower() in _WORK_NOUNS and lows & _PRIOR_QUANT:
        return True
    return "et al" in " ".join(t.lower_ for t in tok.subtree)


def _first_self_reference(sents: list[Span]) -> int:
    for i, s in enumerate(sents):
        if _SELF_REFERENCE.search(s.text):
            return i
    return 1


def _sentence_status(sent: Span, index: int, first_self: int, cue: float) -> str | None:
    """'background' (no claims), 'description' (only claims about named entities) or None."""
    text = sent.text.strip()
    if text.endswith("?"):
        return "background"
    if index < first_self and cue < 1.0:
        return "background"
    if _CITATION.search(text) and not re.search(r"\b(?:we|our)\b", text, re.I):
        return "background"
    for t in sent:
        lem = t.lemma_.lower()
        if t.pos_ != "VERB" or lem not in _REPORT_VERBS | {"know", "believe", "think"}:
            continue
        subj = _first(t, "nsubj", "nsubjpass")
        passive = _is_passive(t)
        perfect = any(c.dep_ == "aux" and c.lemma_ == "have" for c in t.children)
        if subj is not None and _is_prior_np(subj) and not _ours(subj):
            return "background"
        if passive and perfect and (subj is None or subj.lower_ != "we"):
            return "background"
        if passive and (subj is None or subj.lower_ == "it") and lem in ("know", "believe", "think", "observe", "report"):
            return "background"
        if passive and lem in ("know", "believe") and _first(t, "xcomp") is not None:
            return "background"
    root = sent.root
    subj = _first(root, "nsubj")
    if (root.lemma_.lower() in _DESCRIPTION_VERBS and cue < 1.0 and subj is not None
            and (subj.lower_ == "we" or subj.lemma_.lower() in ("paper", "work", "study", "survey", "article"))
            and _first(root, "ccomp") is None):
        return "description"
    return None


def _ours(subj: Token) -> bool:
    """'we', 'our experiments', or a coordination that includes them ('previous arts and our experiments')."""
    for t in _conjuncts(subj):
        if t.lower_ == "we" or any(c.lower_ == "our" for c in t.children if c.dep_ == "poss"):
            return True
    return False


def _under_own_report(tok: Token) -> bool:
    """Is tok inside what the paper itself reports ('we show that while X ..., Y')?"""
    for depth, cur in enumerate(_ancestors(tok)):
        if depth > 0 and cur.pos_ == "VERB" and cur.lemma_.lower() in _REPORT_VERBS:
            subj = _first(cur, "nsubj")
            if subj is not None and (_ours(subj) or (subj.lemma_.lower() in _RESULT_SUBJECT_NOUNS and not _is_prior_np(subj))):
                return True
    return False


def _clause_is_prior(pred: _Pred) -> bool:
    """Effect clauses whose subject is prior work, unless the paper reports it as its result."""
    for depth, cur in enumerate(_ancestors(pred.clause)):
        if depth > 0 and cur.lemma_.lower() in _REPORT_VERBS and cur.pos_ == "VERB":
            subj = _first(cur, "nsubj")
            if subj is not None and _ours(subj):
                return False
            if subj is not None and _is_prior_np(subj):
                return True
            if subj is not None and subj.lemma_.lower() in _RESULT_SUBJECT_NOUNS:
                return False
    return any(a.token is not None and _is_prior_np(a.token) for a in pred.subjects)
