"""What the claim rules pass between them: argument slots, predicates, the abstract's context, resolved arguments."""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from claimgraph.schema import Effect, Entity


@dataclass
class _Arg:
    """One argument slot: a head token, or a ready name, and how to read it."""

    token: Token | None = None
    name: str | None = None
    verb_phrase: bool = False   # the argument is a clause: "fine-tuning CLIP", "inducing sparsity"


@dataclass
class _Pred:
    effect: Effect
    anchor: Token                       # the word carrying the effect (verb, noun, adjective)
    clause: Token                       # the verb whose clause is checked, searched for context
    subjects: list[_Arg]
    targets: list[_Arg]
    negated: bool = False
    magnitude: str | None = None
    speed: bool = False                 # target becomes "<target> speed"
    quality_adjust: bool = True         # increase/reduce of a quality noun -> improves/worsens
    repaired: bool = False              # built around a tagger/parser slip; clause checks start at `clause`
    positive: bool = False              # "not A but rather B": the B part is asserted
    capability: bool = False            # "X can V Y": kept only for a named or proposed subject
    result_subject: bool = False        # "experiments show gains over Y": the subject is the paper's method
    rivals: list[Token] = field(default_factory=list)   # baselines named outside a than/over phrase
    we_able: bool = False               # "we are able to V Y" in a finding: the paper's method enables it


@dataclass
class _Ctx:
    doc: Doc
    proposed: Entity | None
    spans_at: dict[int, list[Span]]
    previous_subject: Entity | None = None   # subject of the last claim of the sentence before
    proposed_named: bool = True              # the abstract names its proposed method
    method_self_reference: bool = True       # the abstract speaks of "our method" / "we propose a ..."
    introduced_heads: frozenset[str] = frozenset()   # "we present a <...> layer": later "the layer" is the method


@dataclass
class _Resolved:
    entity: Entity
    fallback: bool          # made up as a Concept
    head: Token | None = None
