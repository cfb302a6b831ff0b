"""The language stage: sentences, time expressions, entities, quantities and attributions.

`storyline.language.annotator` chains the parts; each part is its own module or package, in the
order the annotator runs them: `sentences`, `timex`, `entities`, `quantities`, `attribution`.
"""
