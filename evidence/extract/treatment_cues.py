"""The words around a treatment name that say whether it was the studied treatment.

Kept as literal phrases so they compile into one prefix-tree pattern over the
lower-cased sentence: a flat alternation of regexes cost more than everything
else in the intervention family together.

Kinds:
- pos: the name is given ("treated with", "received", "efficacy of");
- weak: given if nothing negative precedes ("including", "courses of");
- neg: something else ("prior", "refractory to", "failed", "unfit for", "in addition to" a
  background regimen), until a later positive cue;
- hard: the rest of the sentence is something else ("defined as", "also given",
  "premedication", "with or without", "conventional").
"""

from __future__ import annotations

import re

from evidence.extract.name_trie import trie_alternation

_CUES = {
    "hard": (
        "defined as|defined by|definition|also given|also received|also treated|also took|concomitant|"
        "concomitantly|premedication|premedicated|pre-medication|with or without|conventional|historical|"
        "literature|has been reported|have been reported|case report|case reports|ex"
        "cluded|exclusion criteria|"
        "contraindication to|contraindications to|contraindicated|univariate|multivariate|multivariable|"
        "predictor|predictors|risk factor|risk factors"
    ),
    "neg": (
        "prior|previous|previously|pretreated|pre-treated|had failed|failed|failing|failure of|refractory to|"
        "resistant to|intolerant of|intolerant to|intolerance to|not responding to|no response to|"
        "unresponsive to|not respond to|not responded to|relapse after|relapsed after|relapsing after|"
        "relapses after|relapse from|recurrence after|before|instead of|other than|except|unlike|"
        "discontinued|discontinuation|discontinuing|stop|stopped|stopping|taper|tapered|tapering|withdrawal|"
        "withdrawn|withdrew|without|initially treated|at another institution|at another hospital|"
        "at another centre|at another center|elsewhere|naive to|had received|had been treated|had undergone|"
        "unfit for|ineligible for|not eligible for|not candidates for|not a candidate for|unable to receive|"
        "cannot receive|could not receive|unable to tolerate|in addition to|on top of|background|"
        "progressing after|progressed after|progression after|progressing on|progressed on|after failure of|"
        "previously treated with|resistant to"
    ),
    "pos": (
        "treated|treating|treatment with|treatment by|treatment consisted|treatment consisting|therapy with|"
        "therapy consisted|therapy consisting|received|receiving|receive|were given|was given|given|"
        "administered|administration of|infusion of|infusions of|injection of|injections of|underwent|"
        "undergoing|undergo|consisted of|consisting of|combination of|combining|combined with|plus|"
        "introduced|introducing|employing|switched to|started on|put on|initiated|managed with|starting|"
        "initiating|initiation of|commencing|followed by|"
        "randomized to|randomised to|assigned to|allocated to|responded|response to|exposure to|efficacy of|"
        "efficacy and safety of|efficacy and toxicity of|efficacy and tolerability of|safety of|"
        "safety and efficacy of|safety and tolerability of|effect of|effects of|trial of|study of|use of|"
        "experience with|outcome of|outcomes of|evaluate|compare|compared"
    ),
    "weak": "course of|courses of|dose of|doses of|needed|required|require|included|including",
}
KIND: dict[str, str] = {form: kind for kind, forms in _CUES.items() for form in forms.split("|")}
# Matched on lower-cased text; ";" ends a clause and resets what went before.
CUE = re.compile(rf"(?<![\w-])(?:{trie_alternation(sorted(KIND))})(?![\w-])|;")
