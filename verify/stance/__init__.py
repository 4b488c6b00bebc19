"""Stance: how one statement relates to another, and who asserts and who denies inside a group.

No Flask. `relation.py` holds the pair vocabulary; `texts.py` prepares texts for the pair model
(truncation, long-text passages, the language check); `signals.py` the hand signals (cue force,
negation, overlap, and the features for the combiner); `slots.py` numbers, actors, places and
dates, and where two accounts clash on them; `pair_model.py` the fine-tuned MiniLM cross-encoder;
`combiner.py` the regression that turns its output and the signals into probabilities;
`judge.py` the judge the app and `eval stance` share; `sides.py` the group level (central claim,
sides, conflict score, suggested flag and its reason).
"""
