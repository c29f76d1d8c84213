"""briefing_gen: sourced facts in, verified policy briefings out.

The pipeline reads top to bottom: load (``load``), check (``check``),
render (``render``), write (``write``); ``build`` runs the stages and
``cli`` is the one place that turns problems into exit codes.
"""
