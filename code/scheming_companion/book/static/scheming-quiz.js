/* The book's self-check quizzes, with no kernel: pick an option, press "Check answer", read why.
 *
 * Each <form class="sc-quiz-question" data-answer="i"> holds radio options, a check button, a live
 * feedback line and a <details> answer (which also works without this script).
 * See scheming_companion/book/quiz.py.
 */
(function () {
  "use strict";

  function check(form) {
    var feedback = form.querySelector(".sc-quiz-feedback");
    var chosen = form.querySelector("input[type=radio]:checked");
    var answer = Number(form.dataset.answer);
    var why = form.querySelector(".sc-quiz-why").textContent;
    var right = form.querySelectorAll("input[type=radio]")[answer].parentNode.textContent.trim();
    form.classList.remove("sc-quiz-right", "sc-quiz-wrong");
    if (!chosen) {
      feedback.textContent = "Pick an option first.";
      return;
    }
    var ok = Number(chosen.value) === answer;
    form.classList.add(ok ? "sc-quiz-right" : "sc-quiz-wrong");
    feedback.textContent = ok ? "Right. " + why : "Not quite. The answer is \u201c" + right + "\u201d. " + why;
  }

  function init() {
    document.querySelectorAll("form.sc-quiz-question").forEach(function (form) {
      form.querySelector(".sc-quiz-check").hidden = false;  // it works now that this script runs
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        check(form);
      });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
