"""The chart tab of a page: the panel (source, controls, feeding) and its plot (``chartView``)."""
