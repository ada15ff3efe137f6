"""The rules of attribution, one module per stage: kind and titles, cue, refine, held,
uncued and speaker; ``base`` holds what a rule and a stage are."""
