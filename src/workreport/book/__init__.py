"""The book's presentation layer: everything a chapter notebook shows, in one place.

- :mod:`workreport.book.chapter` — open a report for a chapter, glue values and claims that
  refuse stale wording, quote paragraphs and sentences;
- :mod:`workreport.book.words` — numbers, intervals, lists and counts as the prose writes them,
  and the wording of a comparison chosen by its interval;
- :mod:`workreport.book.glosses` — English for Chinese strings (one function, one priority);
- :mod:`workreport.book.tables` — numbered, captioned tables (one renderer);
- :mod:`workreport.book.figures` — figures with a real CJK font and English glosses, and the
  placeholder figure that says why there is nothing to draw.

Notebooks import these modules by name (``from workreport.book import chapter, words``); this
package re-exports nothing.
"""
