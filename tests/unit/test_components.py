"""The spaCy components together on a blank pipeline (no trained model): entities and short forms."""
import spacy

import claimgraph.extract.components  # noqa: F401
import claimgraph.extract.gazetteer  # noqa: F401
from claimgraph.extract.pipeline import doc_to_result
from claimgraph.schema import EntityType, Paper, RelType


def make_nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("cg_gazetteer")
    nlp.add_pipe("cg_patterns")
    nlp.add_pipe("cg_entities")
    return nlp


def spans(doc):
    return [(s.text, s.label_, s.kb_id_) for s in doc.spans["cg_entities"]]


def test_short_form_takes_long_form_everywhere():
    doc = make_nlp()("We propose Balanced Averaging (BANG), a novel method. BANG improves CLIP on ImageNet.")
    found = spans(doc)
    assert ("Balanced Averaging", "Method", "Balanced Averaging") in found
    assert found.count(("BANG", "Method", "Balanced Averaging")) == 2
    assert ("CLIP", "Model", "CLIP") in found and ("ImageNet", "Dataset", "ImageNet") in found


def test_result_has_proposes_with_alias_and_offsets():
    text = "We propose Balanced Averaging (BANG), a novel method. BANG improves CLIP on ImageNet."
    paper = Paper(id="p", title="BANG: a paper", abstract=text)
    result = doc_to_result(make_nlp()(text), paper)
    proposes = [r for r in result.relations if r.type is RelType.PROPOSES]
    assert len(proposes) == 1
    bang = proposes[0]
    assert bang.entity.name == "Balanced Averaging" and bang.entity.aliases == ["BANG"]
    assert [text[s:e] for s, e in zip(bang.starts, bang.ends, strict=True)] == ["Balanced Averaging", "BANG", "BANG"]
    uses = {(r.type, r.entity.type, r.entity.name) for r in result.relations}
    assert (RelType.USES, EntityType.MODEL, "CLIP") in uses
    assert (RelType.EVALUATES_ON, EntityType.DATASET, "ImageNet") in uses
    assert all(m.sentence == text[m.sentence_start:m.sentence_start + len(m.sentence)] for m in result.mentions)


def test_a_proposed_dataset_is_one_dataset_wherever_it_is_written():
    # "we introduce INDICXNLI, an NLI dataset": a later mention the recogniser typed as a method
    # is the same dataset
    from claimgraph.extract.pipeline import _mention

    text = "By finetuning pre-trained LMs on this INDICXNLI, we analyze cross-lingual transfer."
    doc = spacy.blank("en")(text)
    start = text.index("INDICXNLI")
    span = doc.char_span(start, start + len("INDICXNLI"), label="Method")
    proposed = {"indicxnli": (EntityType.DATASET, "INDICXNLI")}
    mention = _mention(span, text, doc[:], proposed)
    assert mention.proposed and mention.type is EntityType.DATASET
    assert _mention(span, text, doc[:], {"indicxnli": (EntityType.MODEL, "INDICXNLI")}).type is EntityType.METHOD
    # a metric read from the words after a name ("kNCA, which ... learns distance metrics") is less sure
    assert _mention(span, text, doc[:], {"indicxnli": (EntityType.METRIC, "INDICXNLI")}).type is EntityType.METHOD


def test_a_well_known_name_after_using_in_the_title_is_not_proposed():
    text = "Balancing accuracy and cost is hard when annotating corpora with an LLM. We compress prompts."
    used = Paper(id="p", title="A Simple yet Efficient Prompt Compression Method for Annotation Using LLM", abstract=text)
    assert not [r for r in doc_to_result(make_nlp()(text), used).relations if r.type is RelType.PROPOSES]
    text = "We show that randomized smoothing certifies robustness to adversarial perturbations."
    own = Paper(id="q", title="Certified Adversarial Robustness via Randomized Smoothing", abstract=text)
    assert [r.entity.key for r in doc_to_result(make_nlp()(text), own).relations if r.type is RelType.PROPOSES] \
        == ["randomized smoothing"]


def test_title_only_proposal_gets_an_edge_with_the_title_as_evidence():
    text = "We study calibration of LiDAR and cameras with a transformer."
    paper = Paper(id="p", title="CalibFormer: A Transformer-based Calibration Network", abstract=text)
    result = doc_to_result(make_nlp()(text), paper)
    (proposed,) = [r for r in result.relations if r.type is RelType.PROPOSES]
    assert proposed.entity.name == "CalibFormer" and proposed.evidence == paper.title and proposed.extractor == "title"


# --------------------------------------------------------------------------- task typing and boundaries

def with_recogniser(text, found, pos=None):
    """Run the components with hand-made learned-recogniser spans (phrase, SciERC label)."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("cg_gazetteer")
    nlp.add_pipe("cg_patterns")
    doc = nlp(text)
    for token in doc:
        token.pos_ = (pos or {}).get(token.text, "")
    groups = []
    for phrase, label in found:
        start = text.index(phrase)
        groups.append(doc.char_span(start, start + len(phrase), label=label))
    doc.spans["cg_scierc"] = groups
    return spans(claimgraph.extract.components.EntitiesComponent()(doc))


def test_recogniser_span_inside_a_hyphenated_word_is_widened():
    found = with_recogniser("C-Mixup improves in-distribution generalization.",
                            [("-distribution generalization", "Task")])
    assert ("in-distribution generalization", "Task", "in-distribution generalization") in found


def test_task_words_phrase_is_a_task_named_without_the_task_word():
    text = "We study semi-supervised classification problems and various downstream tasks."
    found = with_recogniser(text, [("supervised classification problems", "OtherScientificTerm"),
                                   ("various downstream tasks", "OtherScientificTerm")])
    assert ("semi-supervised classification problems", "Task", "semi-supervised classification") in found
    assert not [f for f in found if f[1] == "Task" and "downstream" in f[0]]


def test_strong_task_head_beats_the_recognisers_method_and_concept():
    found = with_recogniser("Bounds hold for binary Gaussian classification in medical imaging.",
                            [("binary Gaussian classification", "Method"), ("medical imaging", "OtherScientificTerm")])
    assert ("binary Gaussian classification", "Task", "binary Gaussian classification") in found
    assert ("medical imaging", "Task", "medical imaging") in found


def test_leading_verb_and_vague_adjective_are_trimmed():
    text = "A framework for analyzing score estimation and the challenging semantic parsing."
    found = with_recogniser(text, [("analyzing score estimation", "Task"), ("the challenging semantic parsing", "Task")],
                            pos={"analyzing": "VERB", "the": "DET"})
    assert ("score estimation", "Task", "score estimation") in found
    assert ("semantic parsing", "Task") in [f[:2] for f in found]


def test_bare_vague_head_and_sota_are_not_tasks():
    found = with_recogniser("Adaptation helps and we reach SOTA results.", [("Adaptation", "Task"), ("SOTA", "Task")])
    assert not [f for f in found if f[1] == "Task"]


def test_short_form_typed_only_by_the_recogniser_follows_a_listed_long_form():
    text = ("Transformers show in-context reinforcement learning (ICRL) capabilities. "
            "We analyze ICRL. ICRL is hard.")
    found = with_recogniser(text, [("ICRL", "Method")])
    assert ("in-context reinforcement learning", "Task", "in-context reinforcement learning") in found
    assert found.count(("ICRL", "Task", "in-context reinforcement learning")) == 3


def test_paper_definition_of_a_listed_short_form_wins():
    # The lists read OOD as out-of-distribution generalization; this paper means out-of-domain.
    found = spans(make_nlp()("GEC models fail in out-of-domain (OOD) scenarios. OOD settings are hard."))
    assert not [f for f in found if f[0] == "OOD" and f[1] == "Task"]
    # A long form that agrees with the list keeps the list's reading.
    found = spans(make_nlp()("We study out-of-distribution (OOD) shifts. OOD generalization is hard."))
    assert ("OOD generalization", "Task", "out-of-distribution generalization") in found


def test_hyphenated_setting_modifier_joins_a_listed_task():
    found = spans(make_nlp()("We put forth data-free domain generalization, unlike large-scale image classification."))
    assert ("data-free domain generalization", "Task", "data-free domain generalization") in found
    assert ("image classification", "Task", "image classification") in found


def test_learned_span_that_is_a_clause_is_trimmed_or_dropped():
    import pytest
    from spacy.tokens import Span

    from claimgraph.extract.components import _without_clause
    from claimgraph.extract.pipeline import load_base_nlp
    try:
        nlp = load_base_nlp()
    except OSError:
        pytest.skip("no en_core_web_sm pipeline installed")
    doc = nlp("We show that label noise quickly erodes margins and robustness of the classifier.")
    start = [t.text for t in doc].index("label")
    clause = Span(doc, start, start + 5, label="OtherScientificTerm")   # "label noise quickly erodes margins"
    kept = _without_clause(clause)
    assert kept is not None and kept.text == "label noise"               # the subject it starts with
    doc = nlp("Dropout randomly discards hidden units during training.")
    assert _without_clause(Span(doc, 1, 3, label="OtherScientificTerm")) is None   # "randomly discards"
    name = Span(doc, 3, 5, label="OtherScientificTerm")                  # "hidden units"
    assert _without_clause(name) is name


def test_recognised_material_is_a_dataset_only_when_it_names_one():
    text = "Trained on huge datasets and a medical imaging dataset, it is tested on CelebV-HQ and Penn Treebank."
    found = with_recogniser(text, [("huge datasets", "Material"), ("medical imaging dataset", "Material"),
                                   ("CelebV-HQ", "Material"), ("Penn Treebank", "Material")])
    datasets = {f[0] for f in found if f[1] == "Dataset"}
    assert datasets == {"CelebV-HQ", "Penn Treebank"}
    assert ("huge datasets", "Concept") in [f[:2] for f in found]


# --------------------------------------------------------------------------- entity hygiene

def test_fragments_adverbs_generic_words_and_measurement_debris_are_no_entities():
    text = ("The loss shrinks noisily with size , is built fast , a priori , and the absolute value 1 "
            "bounds O(1/t) for the training method and the prior approach on greedy algorithm and Gibbs algorithm .")
    pos = {"noisily": "ADV", "built": "VERB", "fast": "ADV", "size": "NOUN", "priori": "X"}
    found = with_recogniser(text, [("noisily", "OtherScientificTerm"), ("size", "OtherScientificTerm"),
                                   ("built", "OtherScientificTerm"), ("fast", "Method"), ("priori", "OtherScientificTerm"),
                                   ("absolute value 1", "Metric"), ("O(1/t)", "OtherScientificTerm"),
                                   ("training method", "Method"), ("prior approach", "Method"),
                                   ("greedy algorithm", "Method"), ("Gibbs algorithm", "Method")], pos)
    assert {f[0] for f in found} == {"greedy algorithm", "Gibbs algorithm"}


def test_coordinated_names_are_split_and_the_shared_head_dropped():
    text = "We evaluate on the Kinetics and Charades datasets with object detection and segmentation ."
    found = with_recogniser(text, [("Kinetics and Charades datasets", "Material"),
                                   ("object detection and segmentation", "Task")])
    assert ("Kinetics", "Dataset", "Kinetics") in found and ("Charades", "Dataset", "Charades") in found
    assert ("object detection", "Task", "object detection") in found
    assert ("segmentation", "Task", "segmentation") in found


def test_devices_and_hyperparameters_are_concepts_not_methods_tasks_datasets_or_metrics():
    text = "It runs on a CPU and on a mobile CPU of a Samsung Galaxy S20 ; the learning rate is tuned ."
    found = with_recogniser(text, [("CPU", "Method"), ("mobile CPU", "Task"), ("Samsung Galaxy S20", "Material"),
                                   ("learning rate", "Metric")])
    assert {f[1] for f in found} == {"Concept"}, found
    assert {f[0] for f in found} == {"CPU", "mobile CPU", "Samsung Galaxy S20", "learning rate"}


def test_concepts_made_only_of_everyday_research_words_or_descriptions_are_dropped():
    text = "We compare local regions , better performance and supervision in various forms with the partition function ."
    found = with_recogniser(text, [("local regions", "OtherScientificTerm"), ("better performance", "OtherScientificTerm"),
                                   ("supervision in various forms", "OtherScientificTerm"),
                                   ("partition function", "OtherScientificTerm")], {"in": "ADP"})
    assert [f[0] for f in found] == ["partition function"]


def test_a_kind_of_data_is_no_dataset():
    found = with_recogniser("It renders 2D channels from RGBD images of ScanNet .",
                            [("2D channels", "Material"), ("RGBD images", "Material"), ("ScanNet", "Material")])
    assert {f[0] for f in found if f[1] == "Dataset"} == {"ScanNet"}


def test_split_parts_are_typed_by_their_shared_head_and_coordinated_adjectives_stay_whole():
    text = "Results on Chinese and English CCR datasets , CV and NLP tasks and Small and Medium-sized Enterprises ."
    found = with_recogniser(text, [("Chinese and English CCR datasets", "Material"), ("CV and NLP tasks", "Material"),
                                   ("Small and Medium-sized Enterprises", "OtherScientificTerm")],
                            {"Small": "ADJ", "Chinese": "ADJ"})
    assert not [f for f in found if f[0] == "Chinese"]
    assert ("CV", "Task", "CV") in found and ("NLP", "Task", "NLP") in found
    assert ("Small and Medium-sized Enterprises", "Concept", "Small and Medium-sized Enterprises") in found


def test_canonical_task_name_cut_from_a_phrase_must_be_a_name():
    found = with_recogniser("We test on synthetic problems .", [("synthetic problems", "Task")], {"synthetic": "ADJ"})
    assert found == []


def test_long_form_of_a_dataset_looking_short_form_is_a_dataset_only_when_it_names_one():
    text = "In received signal strength (RSS) based localization , RSS is noisy ."
    found = with_recogniser(text, [("RSS", "Material")])
    assert {f[1] for f in found if f[2] == "received signal strength"} == {"Concept"}, found


def test_a_short_listed_name_glued_to_a_word_is_part_of_a_compound():
    from claimgraph.extract.hygiene import glued_to_a_word
    doc = spacy.blank("en")("Bio-inspiration under a BSD/LGPL license on SST and ResNet-50 BERT-based")
    assert glued_to_a_word(doc[0:1])                       # Bio
    assert glued_to_a_word(doc[5:6])                       # BSD
    assert not glued_to_a_word(doc[10:11])                 # SST
    assert not glued_to_a_word(doc[12:13])                 # ResNet-50
    assert not glued_to_a_word(doc[13:14])                 # BERT (-based)
