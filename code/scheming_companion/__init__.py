"""Models, figures and interactive panels for the *Scheming AIs* companion book.

The folders name the package's layers, with one direction of dependency:

* ``models`` - the report's toy models in pure numpy (no plotly, no ipywidgets);
* ``explore`` - the framework every figure goes through: rendering (``show``), explorables, in-page models,
  the theme and the live ipywidgets panel;
* ``figures`` - each chapter's figure builders, drawn with ``explore`` from ``models``;
* ``book`` - the book's machinery: the Sphinx extension, quizzes, student notebooks, the report's outline,
  and the static files and templates the build ships.

Chapters import from ``explore``, ``figures`` and ``models`` and stay short.
"""

__version__ = "0.1.0"
