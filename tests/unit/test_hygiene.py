"""extract.hygiene on hand-tagged spans (no trained model)."""
import spacy
from spacy.tokens import Span

from claimgraph.extract.hygiene import checked_type, junk_reason, split_coordination
from claimgraph.schema import EntityType

NLP = spacy.blank("en")


def span(text, tags=(), pos=()):
    doc = NLP(text)
    for token, tag in zip(doc, tags, strict=False):
        token.tag_ = tag
    for token, p in zip(doc, pos, strict=False):
        token.pos_ = p
    return Span(doc, 0, len(doc))


def test_clause_pieces_comparatives_latex_and_broken_words_are_junk():
    assert junk_reason(span("simulate robot interactions", tags=("VB", "NN", "NNS"))) == "fragment"
    assert junk_reason(span("easier training", tags=("JJR", "NN"))) == "fragment"
    assert junk_reason(span("free while collecting data", pos=("ADJ", "SCONJ", "VERB", "NOUN"))) == "fragment"
    assert junk_reason(span("extit{edge")) == "measurement"
    assert junk_reason(span("Fisher informa- tion metric")) == "measurement"
    assert junk_reason(span("3D")) == "fragment"
    assert junk_reason(span("hierarchical methods", pos=("ADJ", "NOUN"))) == "generic"


def test_names_pass():
    for name in ("GPT-4", "ResNet-50", "ensemble methods", "Gibbs algorithm", "partition function", "MS COCO",
                 "A* search"):
        assert junk_reason(span(name)) is None, name


def test_type_checks():
    assert checked_type("Samsung Galaxy S20", EntityType.DATASET) is EntityType.CONCEPT
    assert checked_type("mobile CPU", EntityType.TASK) is EntityType.CONCEPT
    assert checked_type("learning rate", EntityType.METRIC) is EntityType.CONCEPT
    assert checked_type("error rate", EntityType.METRIC) is EntityType.METRIC
    assert checked_type("ImageNet", EntityType.DATASET) is EntityType.DATASET


def test_coordination_split_keeps_hyphenated_and():
    parts, head = split_coordination(span("Kinetics and Charades datasets"))
    assert [p.text for p in parts] == ["Kinetics", "Charades"] and head == "datasets"
    parts, head = split_coordination(span("Squeeze-and-Excitation"))
    assert [p.text for p in parts] == ["Squeeze-and-Excitation"] and head == ""


def test_debris_unbalanced_brackets_and_kind_heads_after_everyday_words():
    assert junk_reason(span("eï¬€ective regularizer")) == "measurement"
    assert junk_reason(span("2N control devices (valves")) == "fragment"
    assert junk_reason(span("response mixed action p")) == "fragment"
    assert junk_reason(span("pixel-level")) == "fragment"
    assert junk_reason(span("self-supervised framework")) == "generic"
    assert junk_reason(span("linear framework")) == "generic"
    assert junk_reason(span("attention mechanism")) is None
    assert junk_reason(span("variational disentanglement approach")) is None


def parsed(words, spaces=None, tags=None, pos=None, deps=None, heads=None):
    """A Doc with a hand-made parse: heads are absolute token indices."""
    from spacy.tokens import Doc
    return Doc(NLP.vocab, words=words, spaces=spaces, tags=tags, pos=pos, deps=deps, heads=heads)


def test_measurement_grids_and_adjectives_cut_from_their_noun_are_junk():
    assert junk_reason(span("5x5")) == "measurement"
    assert junk_reason(span("3 x 3 kernels")) == "measurement"
    # "... fuses the reciprocal semantic and instance features": the adjective without "features"
    doc = parsed(["the", "reciprocal", "semantic", "and", "instance", "features"],
                 pos=["DET", "ADJ", "ADJ", "CCONJ", "NOUN", "NOUN"],
                 deps=["det", "amod", "preconj", "cc", "conj", "ROOT"], heads=[5, 5, 5, 2, 2, 5])
    assert junk_reason(Span(doc, 1, 3)) == "fragment"
    assert junk_reason(Span(doc, 4, 6)) is None
    # "multi-step" cut from "multi-step problems" is a fragment; "modular arithmetic" of
    # "modular arithmetic tasks" lacks only the task word, so it stays
    doc = parsed(["multi", "-", "step", "problems"], spaces=[False, False, True, False],
                 pos=["ADJ", "PUNCT", "ADJ", "NOUN"], deps=["amod", "punct", "amod", "ROOT"], heads=[3, 3, 3, 3])
    assert junk_reason(Span(doc, 0, 3)) == "fragment"
    doc = parsed(["modular", "arithmetic", "tasks"], pos=["ADJ", "ADJ", "NOUN"],
                 deps=["amod", "amod", "ROOT"], heads=[2, 2, 2])
    assert junk_reason(Span(doc, 0, 2), phrase=Span(doc, 0, 3)) is None


def test_a_clause_inside_a_name_is_a_description():
    doc = parsed(["corpus", "containing", "Danish"], tags=["NN", "VBG", "NNP"], pos=["NOUN", "VERB", "PROPN"],
                 deps=["ROOT", "acl", "dobj"], heads=[0, 0, 1])
    assert junk_reason(Span(doc, 0, 3)) == "description"
    doc = parsed(["FORCESPRO", "embedded", "solver"], tags=["NNP", "VBN", "NNP"], pos=["PROPN", "VERB", "PROPN"],
                 deps=["ROOT", "acl", "oprd"], heads=[0, 0, 1])
    assert junk_reason(Span(doc, 0, 3)) is None   # a misparse without an object or preposition


def test_a_span_starting_inside_a_hyphenated_word():
    from claimgraph.extract.hygiene import inside_word
    doc = parsed(["a", "criss", "-", "cross", "attention", "module"], spaces=[True, False, False, True, True, False])
    assert inside_word(Span(doc, 3, 6))
    assert not inside_word(Span(doc, 1, 6))
    assert not inside_word(Span(doc, 4, 6))


def test_verb_phrases_are_predicates_not_things():
    from claimgraph.extract.hygiene import verb_phrase
    assert verb_phrase(span("simultaneously remove outliers", tags=("RB", "VB", "NNS")))
    assert verb_phrase(span("investigates", tags=("VBZ",)))
    assert verb_phrase(span("avoid over-fitting", tags=("VB", "JJ", "HYPH", "NN")))
    assert not verb_phrase(span("diversifying within limited domains", tags=("VBG", "IN", "JJ", "NNS")))
    assert not verb_phrase(span("low generalization error", tags=("RB", "NN", "NN")))   # a mis-tag, no -ly
    assert not verb_phrase(span("sharper minima", tags=("JJR", "NNS")))


def test_concepts_bare_graded_or_abstract():
    from claimgraph.extract.hygiene import concept_junk_reason
    assert concept_junk_reason(span("sand", pos=("NOUN",))) == "bare"
    assert concept_junk_reason(span("cabinets", pos=("NOUN",))) == "bare"
    for ok in ("rigidity", "occlusions", "overfitting", "hallucination", "granularity"):
        assert concept_junk_reason(span(ok, pos=("NOUN",))) is None, ok
    assert concept_junk_reason(span("high interpretability", pos=("ADJ", "NOUN"))) == "graded"
    assert concept_junk_reason(span("favorable predictions", pos=("ADJ", "NOUN"))) == "graded"
    assert concept_junk_reason(span("perceptual information", pos=("ADJ", "NOUN"))) == "generic"
    assert concept_junk_reason(span("torsional stiffness", pos=("ADJ", "NOUN"))) is None
    assert concept_junk_reason(span("dual-core waveguide", pos=("ADJ", "PUNCT", "NOUN", "NOUN"))) is None


def test_types_of_unlisted_phrases():
    unlisted = dict(listed=False)
    assert checked_type("revision methods", EntityType.METHOD, **unlisted) is EntityType.CONCEPT
    assert checked_type("meta-algorithm", EntityType.METHOD, **unlisted) is EntityType.CONCEPT
    assert checked_type("ensemble methods", EntityType.METHOD, **unlisted) is EntityType.METHOD
    assert checked_type("prompt-based methods", EntityType.METHOD, **unlisted) is EntityType.METHOD
    assert checked_type("Gibbs algorithm", EntityType.METHOD, **unlisted) is EntityType.METHOD
    assert checked_type("inertial navigation system", EntityType.TASK, **unlisted) is EntityType.CONCEPT
    assert checked_type("scene perception capabilities", EntityType.TASK, **unlisted) is EntityType.CONCEPT
    assert checked_type("recommender system", EntityType.TASK) is EntityType.TASK    # a listed task
    assert checked_type("RGB", EntityType.METRIC, **unlisted) is EntityType.CONCEPT
    assert checked_type("word error rate", EntityType.METRIC, **unlisted) is EntityType.METRIC
    assert checked_type("Human-Robot Interaction", EntityType.DATASET, **unlisted) is EntityType.CONCEPT
    assert checked_type("Trifo Ironsides dataset", EntityType.DATASET, **unlisted) is EntityType.DATASET
    assert checked_type("HMDB51", EntityType.DATASET, **unlisted) is EntityType.DATASET
    assert checked_type("StyleGAN2", EntityType.DATASET, **unlisted) is EntityType.DATASET   # letters with digits: could be either
    assert checked_type("PixelGAN", EntityType.DATASET, **unlisted) is EntityType.MODEL
    assert checked_type("ScanNet", EntityType.DATASET, **unlisted) is EntityType.DATASET
    assert checked_type("ImageNet", EntityType.DATASET) is EntityType.DATASET


def test_slash_between_names_splits():
    parts, head = split_coordination(span("PEARL / MQL"))
    assert [p.text for p in parts] == ["PEARL", "MQL"] and head == ""
    parts, _ = split_coordination(span("input/output"))
    assert [p.text for p in parts] == ["input/output"]


def test_built_things_and_plain_kinds_of_technique_are_no_methods():
    unlisted = dict(listed=False)
    assert checked_type("MIMO system", EntityType.METHOD, **unlisted) is EntityType.CONCEPT
    assert checked_type("integrated ROV unit", EntityType.METHOD, **unlisted) is EntityType.CONCEPT
    assert checked_type("head-mounted display", EntityType.TASK, **unlisted) is EntityType.CONCEPT
    assert checked_type("two-stage method", EntityType.METHOD, **unlisted) is EntityType.CONCEPT
    assert checked_type("reset-free algorithms", EntityType.METHOD, **unlisted) is EntityType.CONCEPT
    assert checked_type("adapter-based methods", EntityType.METHOD, **unlisted) is EntityType.METHOD
    assert checked_type("MIMO system", EntityType.METHOD) is EntityType.METHOD     # a list or pattern name


def test_concepts_cut_from_a_compound_or_opening_with_a_gerund_and_its_object():
    from claimgraph.extract.hygiene import concept_junk_reason
    doc = parsed(["vision", "-", "based", "autonomous", "surface", "vehicle"],
                 spaces=[False, False, True, True, True, False],
                 pos=["NOUN", "PUNCT", "VERB", "ADJ", "NOUN", "NOUN"],
                 deps=["npadvmod", "punct", "amod", "amod", "compound", "ROOT"], heads=[2, 2, 5, 5, 5, 5])
    assert concept_junk_reason(Span(doc, 0, 5)) == "fragment"
    assert concept_junk_reason(Span(doc, 3, 6)) != "fragment"
    doc = parsed(["folding", "down", "lamellae"], tags=["VBG", "RP", "NNS"], pos=["VERB", "ADP", "NOUN"],
                 deps=["ROOT", "prt", "dobj"], heads=[0, 0, 0])
    assert concept_junk_reason(Span(doc, 0, 3)) == "fragment"
    assert junk_reason(span("2.5x reduction")) == "measurement"


def test_leading_words_that_only_place_or_grade_are_trimmed():
    from claimgraph.extract.entity_typing import LEADING_VAGUE_WORDS
    assert {"resulting", "critical", "prior", "unknown"} <= LEADING_VAGUE_WORDS
    assert not {"large", "deep", "learning"} & LEADING_VAGUE_WORDS


def test_finite_clauses_citations_and_headless_coordinations():
    doc = parsed(["the", "user", "perceives"], tags=["DT", "NN", "VBZ"], pos=["DET", "NOUN", "VERB"],
                 deps=["det", "nsubj", "ROOT"], heads=[1, 2, 2])
    assert junk_reason(Span(doc, 1, 3)) == "description"
    doc = parsed(["instance", "features"], tags=["NN", "VBZ"], pos=["NOUN", "VERB"],
                 deps=["compound", "ROOT"], heads=[1, 1])          # a plural noun mis-tagged as a verb
    assert junk_reason(Span(doc, 0, 2)) is None
    assert junk_reason(span("Nalisnick (2022)")) == "citation"
    assert junk_reason(span("cylindrical and conic", pos=("ADJ", "CCONJ", "ADJ"))) == "fragment"
    assert junk_reason(span("modular arithmetic", pos=("ADJ", "ADJ"))) is None
    assert checked_type("Convex Gaussian Min-Max Theorem", EntityType.METHOD, listed=False) is EntityType.CONCEPT


def test_claim_arguments_that_are_predicates():
    from claimgraph.extract.hygiene import verb_phrase
    doc = parsed(["it", "was", "found", "to", "be"], tags=["PRP", "VBD", "VBN", "TO", "VB"])
    assert verb_phrase(Span(doc, 2, 5))
    assert not verb_phrase(span("large networks", tags=("JJ", "VBZ")))   # mis-tag, no subject


def test_a_name_does_not_end_in_a_hyphen_or_a_full_stop():
    assert junk_reason(span("NLI-")) == "fragment"
    assert junk_reason(span("Inc.")) == "fragment"
    assert junk_reason(span("GPT-4")) is None


def test_fillers_quotes_and_gerunds_cut_from_their_clause():
    assert junk_reason(span("gradient w.r.t")) == "fragment"
    assert junk_reason(span("universal adversarial perturbation''")) == "fragment"
    doc = parsed(["robots", "accounting", "for", "uncertainties"], tags=["NNS", "VBG", "IN", "NNS"],
                 pos=["NOUN", "VERB", "ADP", "NOUN"], deps=["ROOT", "acl", "prep", "pobj"], heads=[0, 0, 1, 2])
    assert junk_reason(Span(doc, 0, 2)) == "fragment"
    from claimgraph.extract.hygiene import plain_kind_of_technique
    assert plain_kind_of_technique("attack algorithm") and plain_kind_of_technique("sum method")
    assert not plain_kind_of_technique("ensemble methods") and not plain_kind_of_technique("Gibbs algorithm")


def test_dimensions_values_and_bare_task_words():
    from claimgraph.extract.hygiene import is_named
    assert not is_named("3D objects") and not is_named("2.5D maps") and is_named("3D U-Net")
    unlisted = dict(listed=False)
    assert checked_type("noise", EntityType.TASK, **unlisted) is EntityType.CONCEPT
    assert checked_type("denoising", EntityType.TASK, **unlisted) is EntityType.TASK
    assert checked_type("segmentation", EntityType.TASK, **unlisted) is EntityType.TASK
    assert checked_type("credit scores", EntityType.METRIC, **unlisted) is EntityType.CONCEPT
    assert checked_type("error rates", EntityType.METRIC, **unlisted) is EntityType.METRIC
    assert checked_type("F1 scores", EntityType.METRIC, **unlisted) is EntityType.METRIC


def test_graded_metrics_and_rates_of_something_are_no_metrics():
    unlisted = dict(listed=False)
    assert checked_type("fast convergence rate", EntityType.METRIC, **unlisted) is EntityType.CONCEPT
    assert checked_type("sublinear rate", EntityType.METRIC, **unlisted) is EntityType.CONCEPT
    assert checked_type("error rate", EntityType.METRIC, **unlisted) is EntityType.METRIC
    assert checked_type("convergence rate", EntityType.METRIC, **unlisted) is EntityType.METRIC


def test_a_recognised_one_word_dataset_needs_a_dataset_sentence_and_tasks_are_no_things():
    from claimgraph.extract.hygiene import in_dataset_context
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    doc = nlp("We propose algorithms as PEARL does. Results on DAVIS are good. We use the KTH dataset and UCF101.")
    assert not in_dataset_context(doc[4:5])       # PEARL
    assert in_dataset_context(doc[9:10])          # DAVIS
    assert in_dataset_context(doc[20:21])         # UCF101
    unlisted = dict(listed=False)
    assert checked_type("discrete Sobolev spaces", EntityType.TASK, **unlisted) is EntityType.CONCEPT
    assert checked_type("EEG signals", EntityType.TASK, **unlisted) is EntityType.CONCEPT
    assert checked_type("object detection", EntityType.TASK, **unlisted) is EntityType.TASK


def test_broken_brackets_are_no_name_whoever_found_them():
    from claimgraph.extract.hygiene import broken_brackets
    assert broken_brackets("Topic-shift Aware Knowledge sElector(TAKE")
    assert broken_brackets("temporal structure filters}")
    assert not broken_brackets("Polarization (SfP)") and not broken_brackets("GPT-4")
