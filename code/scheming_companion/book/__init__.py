"""The book's machinery: the Sphinx extension (:mod:`.sphinx_ext`), quizzes (:mod:`.quiz`), the student-notebook
generator (:mod:`.student`), the report's outline (:mod:`.outline`), and the ``static/`` files and ``templates/``
the build ships. Nothing here imports plotly: the build loads this package, never the figures."""
