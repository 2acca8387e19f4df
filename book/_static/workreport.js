// The book's own script (listed in _config.yml: html_js_files). No network, no library.
//
// On a page whose code cells are hidden (myst-nb's `hide-input` cell tag renders each one
// as a closed <details class="hide above-input">), a short note under the title says how to
// read the page and offers one button that shows or hides all the code at once. It is the
// one "How to read this chapter" note of the book, the same in every chapter (chapters carry
// none of their own; tests/browser checks this). Screen-only (class wr-code-note, hidden in
// print: the PDF has no code).
(function () {
  "use strict";

  function addCodeNote() {
    var article = document.querySelector("article.bd-article");
    if (!article) return;
    var hidden = article.querySelectorAll("details.above-input");
    if (hidden.length === 0) return;

    var root = document.documentElement.getAttribute("data-content_root") || "";
    var note = document.createElement("aside");
    note.className = "wr-code-note";
    note.setAttribute("aria-label", "How to read this chapter");
    note.innerHTML =
      "<p><strong>How to read this chapter.</strong> The text, tables and figures carry " +
      "the argument; the Python code that computes them is folded away, except the cell " +
      "that names the report the chapter reads (<code>REPORT_PATH</code>). Open " +
      "<em>Show code</em> above any result to see the code that made it, or all " +
      hidden.length + " cells at once with the button. To run the chapter yourself, see " +
      '<a href="' + root + 'book/reproducibility.html">Reproducibility</a>.</p>';
    note.appendChild(toggleButton(article));
    var title = article.querySelector("h1");
    if (title && title.parentNode) {
      title.parentNode.insertBefore(note, title.nextSibling);
    } else {
      article.insertBefore(note, article.firstChild);
    }
  }

  // One button that opens or folds every hidden code cell of the article.
  function toggleButton(article) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "wr-code-toggle";
    button.setAttribute("aria-pressed", "false");
    button.textContent = "Show all code";
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-pressed") !== "true";
      article.querySelectorAll("details.above-input").forEach(function (d) {
        d.open = open;
      });
      article.querySelectorAll("button.wr-code-toggle").forEach(function (b) {
        b.setAttribute("aria-pressed", open ? "true" : "false");
        b.textContent = open ? "Hide all code" : "Show all code";
      });
    });
    return button;
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", addCodeNote);
  } else {
    addCodeNote();
  }
})();
