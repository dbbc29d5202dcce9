"""Clauses: walk the blocks of a laid-out dispatch and draft its tasks (who governs which item, where a
job splits off), before the pipeline (dispatch.extract) gives them their deadlines."""
