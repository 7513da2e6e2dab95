/* The reader's verdict, kernel-free: "Where do you stand?" panels (chapters 1-4), the reader's bottom line, trail,
 * save and load (chapter 5), and the class view (Teaching).
 *
 * Every number, name and text it needs comes from the page config that scheming_companion.figures.verdict writes
 * into the page (script.sc-verdict-config); the credence arithmetic is scheming-models.js's. The checks and the
 * class summary mirror scheming_companion.models.verdict and figures.verdict rule for rule and operation for
 * operation (the browser test holds them to 1e-9). Answers live in this browser's localStorage only. Nothing read
 * from a file or from storage is ever run or inserted as HTML: every text goes in through textContent.
 */
(function () {
  "use strict";

  var C = null; // the page config
  var has = function (o, k) { return Object.prototype.hasOwnProperty.call(o, k); };

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function svg(tag, attrs, text) {
    var e = document.createElementNS("http://www.w3.org/2000/svg", tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // Python's f"{x:.{d}%}" (scheming-models.js's exact rounding).
  function pct(x, d) { return window.SchemingModels.toFixedHalfEven(x * 100, d) + "%"; }
  function points(x) { return window.SchemingModels.toFixedHalfEven(x * 100, 1); }

  // ---- The model (scheming_companion.models.verdict) ---------------------------------------------

  function isObject(x) { return x !== null && typeof x === "object" && !Array.isArray(x); }
  function isProbability(v) { return typeof v === "number" && isFinite(v) && v >= 0 && v <= 1; }
  // A value quoted in a message: numbers as numbers ("Infinity", not JSON's "null"), the rest as JSON.
  function quote(x) { return typeof x === "number" ? String(x) : JSON.stringify(x); }
  function typeName(x) { return x === null ? "null" : Array.isArray(x) ? "list" : typeof x; }

  function checkAnswers(answers, name) {
    name = name || "answers";
    if (!isObject(answers)) throw new Error(name + " must be an object of chapters, got " + typeName(answers));
    var out = {};
    Object.keys(answers).forEach(function (chapter) {
      if (!has(C.chapters, chapter)) {
        throw new Error(name + ": unknown chapter \"" + chapter + "\"; chapters are " + Object.keys(C.chapters).join(", "));
      }
      var given = answers[chapter];
      if (!isObject(given)) throw new Error(name + "." + chapter + " must be an object of factors, got " + typeName(given));
      out[chapter] = {};
      Object.keys(given).forEach(function (factor) {
        if (C.factors.indexOf(factor) === -1) {
          throw new Error(name + "." + chapter + ": unknown factor \"" + factor + "\"; factors are " + C.factors.join(", "));
        }
        if (C.chapters[chapter].indexOf(factor) === -1) {
          throw new Error(name + "." + chapter + ": " + C.chapter_titles[chapter] + " does not ask about \"" + factor +
            "\" (it asks about " + C.chapters[chapter].join(", ") + ")");
        }
        if (!isProbability(given[factor])) {
          throw new Error(name + "." + chapter + "." + factor + " must be a number from 0 to 1, got " + String(given[factor]));
        }
        out[chapter][factor] = given[factor];
      });
    });
    return out;
  }

  function effective(answers) {
    var f = {};
    C.factors.forEach(function (n) { f[n] = C.defaults[n]; });
    Object.keys(C.chapters).forEach(function (chapter) {
      var a = answers[chapter] || {};
      Object.keys(a).forEach(function (n) { f[n] = a[n]; });
    });
    return f;
  }

  function bottomLine(answers) { return window.SchemingModels.models.credence.estimate(effective(answers)); }

  function trail(answers) {
    var applied = {};
    var before = bottomLine(applied);
    return Object.keys(C.chapters).map(function (chapter) {
      applied[chapter] = answers[chapter] || {};
      var after = bottomLine(applied);
      var row = { chapter: chapter, before: before, after: after, change: after - before };
      before = after;
      return row;
    });
  }

  function mean(xs) {
    var total = 0.0;
    xs.forEach(function (x) { total += x; });
    return total / xs.length;
  }

  function sd(xs, m) {
    var total = 0.0;
    xs.forEach(function (x) { total += (x - m) * (x - m); });
    return Math.sqrt(total / xs.length);
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, key) {
      if (!has(values, key)) throw new Error("verdict template: unknown {" + key + "}");
      return values[key];
    });
  }

  // scheming_companion.models.verdict.class_summary
  function classSummary(answersList) {
    var sets = answersList.map(function (a, i) { return effective(checkAnswers(a, "answers[" + i + "]")); });
    var n = sets.length;
    var credence = window.SchemingModels.models.credence.estimate;
    var lines = sets.map(function (f) { return credence(f); });
    var ordered = lines.slice().sort(function (a, b) { return a - b; });
    var mid = Math.floor(n / 2);
    var median = n % 2 ? ordered[mid] : (ordered[mid - 1] + ordered[mid]) / 2;
    var histogram = [];
    for (var i = 0; i < C.bins; i++) histogram.push(0);
    lines.forEach(function (p) { histogram[Math.min(Math.floor(p * C.bins), C.bins - 1)] += 1; });
    var factors = C.factors.map(function (name) {
      var xs = sets.map(function (f) { return f[name]; });
      var m = mean(xs);
      return { name: name, label: C.labels[name], mean: m, sd: sd(xs, m), min: Math.min.apply(null, xs),
        max: Math.max.apply(null, xs) };
    });
    var ranked = factors.slice().sort(function (a, b) { return b.sd - a.sd; }); // stable, as Python's sorted()
    var prompts = ranked.slice(0, C.prompts).map(function (f) {
      return fill(C.prompt, { label: f.label, low: pct(f.min, 0), high: pct(f.max, 0),
        sd: window.SchemingModels.toFixedHalfEven(f.sd * 100, 0) });
    });
    return {
      n: n, bottom_lines: lines, mean: mean(lines), median: median, min: ordered[0], max: ordered[n - 1],
      at_least_report: lines.filter(function (p) { return p >= C.report; }).length,
      at_least_later: lines.filter(function (p) { return p >= C.later; }).length,
      histogram: histogram, factors: factors, disagreement: ranked.map(function (f) { return f.name; }),
      prompts: prompts,
    };
  }

  // ---- The file format (scheming_companion.figures.verdict.check_verdict / parse_verdict) -------

  var KEYS = ["schema", "version", "book_version", "answers", "bottom_line"];

  function checkVerdict(data, source) {
    var bad = function (problem) { return new Error(source + ": " + problem); };
    if (!isObject(data)) throw bad("a verdict must be a JSON object, got " + typeName(data));
    if (data.schema !== C.schema) throw bad("\"schema\" must be \"" + C.schema + "\" (this is not a verdict file from this book)");
    var version = data.version;
    if (typeof version !== "number" || !Number.isInteger(version) || version < 1) {
      throw bad("\"version\" must be a whole number (" + C.version + " for this book), got " + quote(version));
    }
    if (version > C.version) {
      throw bad("comes from a future schema version (" + version + "); this book reads version " + C.version);
    }
    var extra = Object.keys(data).filter(function (k) { return KEYS.indexOf(k) === -1; }).sort();
    if (extra.length) throw bad("unknown key(s) " + extra.map(JSON.stringify).join(", ") + "; a verdict has only " + KEYS.join(", "));
    var missing = KEYS.filter(function (k) { return !has(data, k); });
    if (missing.length) throw bad("missing key(s) " + missing.map(JSON.stringify).join(", "));
    if (typeof data.book_version !== "string" || data.book_version.length > C.max_version_chars) {
      throw bad("\"book_version\" must be a string of at most " + C.max_version_chars + " characters");
    }
    var answers;
    try { answers = checkAnswers(data.answers); } catch (err) { throw bad(err.message); }
    if (!isProbability(data.bottom_line)) throw bad("\"bottom_line\" must be a number from 0 to 1, got " + quote(data.bottom_line));
    var line = bottomLine(answers);
    if (Math.abs(data.bottom_line - line) > C.tolerance) {
      throw bad("\"bottom_line\" " + data.bottom_line + " does not match the answers, which give " + line);
    }
    return { source: source, answers: answers, factors: effective(answers), bottom_line: line,
      book_version: data.book_version };
  }

  // A File -> Promise of a checked verdict (rejects with an Error naming the file and the problem).
  function readVerdictFile(file) {
    var source = file.name;
    if (file.size > C.max_bytes) {
      return Promise.reject(new Error(source + ": file is too large (" + file.size + " bytes; a verdict is at most " +
        C.max_bytes + " bytes)"));
    }
    return file.arrayBuffer().then(function (buf) {
      var text;
      try { text = new TextDecoder("utf-8", { fatal: true }).decode(buf); } catch (e) {
        throw new Error(source + ": file is not UTF-8 text");
      }
      var data;
      try { data = JSON.parse(text); } catch (e) { throw new Error(source + ": file is not valid JSON (" + e.message + ")"); }
      return checkVerdict(data, source);
    });
  }

  function verdictFile(answers) {
    return { schema: C.schema, version: C.version, book_version: C.book_version, answers: answers,
      bottom_line: bottomLine(answers) };
  }

  // ---- Storage: this browser only ----------------------------------------------------------------

  var notice = "";

  function loadStored() {
    var raw = null;
    try { raw = window.localStorage.getItem(C.storage_key); } catch (e) {
      notice = "This browser does not let the book keep your answers (storage is off); they last until you leave the page.";
      return {};
    }
    if (raw === null) return {};
    try {
      var data = JSON.parse(raw);
      if (!isObject(data) || data.version !== C.version) throw new Error("not this book's format");
      return checkAnswers(data.answers);
    } catch (e) {
      notice = "Answers saved earlier in this browser could not be read (" + e.message + "); they are ignored.";
      return {};
    }
  }

  var memory = null; // the answers, when storage is off
  var refreshers = []; // what redraws each panel from the stored answers

  function answersNow() {
    if (memory === null) memory = loadStored();
    return memory;
  }

  function store(answers) {
    memory = answers;
    try {
      if (Object.keys(answers).length) {
        window.localStorage.setItem(C.storage_key, JSON.stringify({ version: C.version, answers: answers }));
      } else {
        window.localStorage.removeItem(C.storage_key);
      }
    } catch (e) { /* storage off: the answers live in `memory` for this page */ }
  }

  function copyAnswers(a) { return JSON.parse(JSON.stringify(a)); }

  // ---- Shared pieces -------------------------------------------------------------------------------

  function noteEl(text) { return el("p", { class: "sc-verdict-note" }, text); }

  function statusEl() { return el("p", { class: "sc-verdict-status", role: "status", "aria-live": "polite" }); }

  function button(text, onClick) {
    var b = el("button", { type: "button", class: "sc-verdict-button" }, text);
    b.addEventListener("click", onClick);
    return b;
  }

  // The reader's bottom line beside the author's two numbers, as three labelled bars.
  function comparison(p) {
    var rows = [["Your bottom line", p, "sc-verdict-yours"], ["Report (Nov 2023): about", C.report, "sc-verdict-author"],
      ["Author later (Feb 2024): maybe", C.later, "sc-verdict-author"]];
    var list = el("ul", { class: "sc-verdict-bars" });
    rows.forEach(function (r) {
      var li = el("li");
      li.appendChild(el("span", { class: "sc-verdict-bar-label" }, r[0] + " " + pct(r[1], r[2] === "sc-verdict-yours" ? 1 : 0)));
      var track = el("span", { class: "sc-verdict-track", "aria-hidden": "true" });
      var bar = el("span", { class: "sc-verdict-bar " + r[2] });
      bar.style.width = (100 * r[1]) + "%";
      track.appendChild(bar);
      li.appendChild(track);
      list.appendChild(li);
    });
    return list;
  }

  // ---- "Where do you stand?" at the end of chapters 1-4 ------------------------------------------

  function mountPanel(root) {
    var chapter = root.dataset.chapter;
    if (!has(C.chapters, chapter)) return;
    var id = "sc-verdict-" + chapter;
    var box = el("div", { class: "sc-verdict-box", role: "group", "aria-label": "Where do you stand? (" + C.chapter_titles[chapter] + ")" });
    box.appendChild(el("p", {}, "Where do you stand, under the report's conditions? Set each factor this chapter bears on. " +
      "Each starts at the book's starting value (the author gives no number per factor, only his overall about " +
      pct(C.report, 0) + ", later maybe " + pct(C.later, 0) + ")."));
    var inputs = {};
    C.chapters[chapter].forEach(function (factor) {
      var wrap = el("div", { class: "sc-verdict-factor" });
      var iid = id + "-" + factor.replace(/_/g, "-");
      wrap.appendChild(el("label", { for: iid }, C.labels[factor]));
      var input = el("input", { type: "range", id: iid, min: "0", max: "100", step: "1", "data-factor": factor });
      var out = el("output", { for: iid });
      var start = el("span", { class: "sc-verdict-start" }, "Book's start: " + pct(C.defaults[factor], 0));
      wrap.appendChild(input);
      wrap.appendChild(out);
      wrap.appendChild(start);
      box.appendChild(wrap);
      inputs[factor] = { input: input, out: out };
      input.addEventListener("input", function () {
        var a = copyAnswers(answersNow());
        a[chapter] = a[chapter] || {};
        a[chapter][factor] = Number(input.value) / 100;
        store(a);
        show();
      });
    });
    var line = el("p", { class: "sc-verdict-line", "aria-live": "polite" });
    box.appendChild(line);
    box.appendChild(button("Reset this chapter to the book's start", function () {
      var a = copyAnswers(answersNow());
      delete a[chapter];
      store(a);
      show();
      status.textContent = "This chapter's answers are back at the book's start.";
    }));
    var status = statusEl();
    box.appendChild(status);
    box.appendChild(noteEl(C.storage_note));
    function show() {
      var a = answersNow();
      var mine = a[chapter] || {};
      Object.keys(inputs).forEach(function (factor) {
        var v = has(mine, factor) ? mine[factor] : C.defaults[factor];
        inputs[factor].input.value = String(Math.round(v * 100));
        inputs[factor].input.setAttribute("aria-valuetext", pct(v, 0));
        inputs[factor].out.textContent = pct(v, 0) + (has(mine, factor) ? " (yours)" : "");
      });
      line.textContent = "With all your answers so far: " + pct(bottomLine(a), 1) + ". The author: about " +
        pct(C.report, 0) + " (report), maybe " + pct(C.later, 0) + " (Feb 2024).";
    }
    root.textContent = "";
    root.appendChild(box);
    if (notice) status.textContent = notice;
    show();
    refreshers.push(show);
  }

  // ---- Chapter 5: the reader's bottom line, trail, save and load ---------------------------------

  function setExplorer(factors) {
    var fig = document.getElementById(C.explorer);
    if (!fig) return false;
    C.factors.forEach(function (name) {
      var input = document.getElementById(C.explorer + "-" + name.replace(/_/g, "-"));
      if (!input) return;
      var index = String(Math.round(factors[name] * 100));
      if (input.value !== index) {
        input.value = index;
        input.dispatchEvent(new Event("input", { bubbles: true }));
      }
    });
    return true;
  }

  function mountSummary(root) {
    var box = el("div", { class: "sc-verdict-box", role: "group", "aria-label": "Your verdict" });
    var summary = el("div", { class: "sc-verdict-summary" });
    var status = statusEl();
    box.appendChild(summary);
    var buttons = el("div", { class: "sc-verdict-buttons" });
    buttons.appendChild(button("Set the explorer to my answers", function () {
      setExplorer(effective(answersNow()));
      status.textContent = "The explorer above now starts from your answers.";
    }));
    buttons.appendChild(button("Reset the explorer to the book's start", function () {
      setExplorer(C.defaults);
      status.textContent = "The explorer is back at the book's start; your saved answers are kept.";
    }));
    buttons.appendChild(button("Clear my saved answers", function () {
      store({});
      setExplorer(C.defaults);
      render();
      status.textContent = "Your saved answers are cleared from this browser.";
    }));
    buttons.appendChild(button("Save my verdict", function () {
      var data = verdictFile(answersNow());
      var blob = new Blob([JSON.stringify(data, null, 2) + "\n"], { type: "application/json" });
      var a = el("a", { href: URL.createObjectURL(blob), download: "my-verdict.json" });
      document.body.appendChild(a);
      a.click();
      a.remove();
      status.textContent = "Saved my-verdict.json: your answers and bottom line (" + pct(data.bottom_line, 1) +
        "), the book's version, nothing else.";
    }));
    box.appendChild(buttons);
    var loadWrap = el("div", { class: "sc-verdict-load" });
    loadWrap.appendChild(el("label", { for: "sc-verdict-load" }, "Load a verdict file"));
    var file = el("input", { type: "file", id: "sc-verdict-load", accept: ".json,application/json" });
    loadWrap.appendChild(file);
    box.appendChild(loadWrap);
    file.addEventListener("change", function () {
      var f = file.files && file.files[0];
      if (!f) return;
      readVerdictFile(f).then(function (v) {
        store(v.answers);
        setExplorer(v.factors);
        render();
        status.textContent = "Loaded " + v.source + ": bottom line " + pct(v.bottom_line, 1) + ".";
      }, function (err) {
        status.textContent = "Not loaded: " + err.message;
      }).then(function () { file.value = ""; });
    });
    box.appendChild(status);
    box.appendChild(noteEl(C.storage_note));
    function render() {
      var a = answersNow();
      summary.textContent = "";
      var answered = Object.keys(a).length > 0;
      summary.appendChild(el("p", {}, answered ? "From your answers in the chapters so far:" :
        "You have not answered any chapter yet: this is the book's start (every factor at " +
        pct(C.defaults[C.factors[0]], 0) + "). Answer at the end of chapters 1 to 4, or load a verdict file."));
      var line = bottomLine(a);
      summary.appendChild(comparison(line));
      summary.querySelector(".sc-verdict-bar-label").setAttribute("data-bottom-line", String(line));
      var rows = trail(a);
      var table = el("table", { class: "sc-verdict-trail" });
      table.appendChild(el("caption", {}, "Your trail: the bottom line after each chapter's answers, from the book's start (" +
        pct(rows[0].before, 1) + ")"));
      var head = el("tr");
      ["Chapter", "Your answers", "Bottom line after", "Change (points)"].forEach(function (h) {
        head.appendChild(el("th", { scope: "col" }, h));
      });
      var thead = el("thead");
      thead.appendChild(head);
      table.appendChild(thead);
      var tbody = el("tbody");
      var most = null;
      rows.forEach(function (r) {
        if (Math.abs(r.change) > 0 && (most === null || Math.abs(r.change) > Math.abs(most.change))) most = r;
        var given = a[r.chapter] || {};
        var tr = el("tr", { "data-chapter": r.chapter });
        tr.appendChild(el("th", { scope: "row" }, C.chapter_titles[r.chapter]));
        tr.appendChild(el("td", {}, Object.keys(given).map(function (k) { return C.labels[k] + " " + pct(given[k], 0); }).join("; ") || "none"));
        tr.appendChild(el("td", {}, pct(r.after, 1)));
        tr.appendChild(el("td", {}, (r.change > 0 ? "+" : "") + points(r.change)));
        tbody.appendChild(tr);
      });
      table.appendChild(tbody);
      var wrap = el("div", { class: "sc-verdict-table-wrap" });
      wrap.appendChild(table);
      summary.appendChild(wrap);
      var moved = el("p", { class: "sc-verdict-most" }, most === null ? "No chapter's answers moved your number yet." :
        C.chapter_titles[most.chapter] + "'s answers moved your number most (" + (most.change > 0 ? "+" : "") +
        points(most.change) + " points).");
      if (most) moved.dataset.chapter = most.chapter;
      summary.appendChild(moved);
    }
    root.textContent = "";
    root.appendChild(box);
    if (notice) status.textContent = notice;
    render();
    refreshers.push(render);
    // The explorer starts from the reader's answers, when there are any.
    if (Object.keys(answersNow()).length) setExplorer(effective(answersNow()));
  }

  // ---- The class view --------------------------------------------------------------------------------

  function histogramSvg(s) {
    var W = 600, H = 260, L = 40, R = 24, T = 44, B = 40;
    var top = Math.max.apply(null, s.histogram.concat([1]));
    var g = svg("svg", { viewBox: "0 0 " + W + " " + H, class: "sc-verdict-hist", role: "img",
      "aria-label": "Histogram of " + s.n + " bottom lines in " + C.bins + " bins from 0% to 100%, with the author's " +
        pct(C.report, 0) + " and " + pct(C.later, 0) + " marked" });
    var x = function (p) { return L + p * (W - L - R); };
    var y = function (c) { return H - B - (c / top) * (H - T - B); };
    var w = (W - L - R) / C.bins;
    s.histogram.forEach(function (c, i) {
      if (c) g.appendChild(svg("rect", { x: x(i / C.bins) + 1, y: y(c), width: w - 2, height: y(0) - y(c), class: "sc-verdict-hbar" }));
    });
    g.appendChild(svg("line", { x1: L, x2: W - R, y1: y(0), y2: y(0), class: "sc-verdict-axis" }));
    [0, 1, 2, 3, 4].map(function (i) { return i / 4; }).forEach(function (p) {
      g.appendChild(svg("text", { x: x(p), y: H - B + 16, "text-anchor": "middle" }, pct(p, 0)));
    });
    g.appendChild(svg("text", { x: x(1 / 2), y: H - 6, "text-anchor": "middle" }, "bottom line"));
    g.appendChild(svg("text", { x: 4, y: y(top) + 4 }, String(top)));
    g.appendChild(svg("text", { x: 4, y: y(0) }, "0"));
    [[C.report, "report " + pct(C.report, 0), "sc-verdict-mark", 16], [C.later, "later " + pct(C.later, 0), "sc-verdict-mark sc-verdict-later", 32]]
      .forEach(function (m) {
        g.appendChild(svg("line", { x1: x(m[0]), x2: x(m[0]), y1: m[3] + 4, y2: y(0), class: m[2] }));
        g.appendChild(svg("text", { x: x(m[0]) + (m[0] === C.report ? 4 : -4), y: m[3],
          "text-anchor": m[0] === C.report ? "start" : "end", class: "sc-verdict-mark-label" }, m[1]));
      });
    return g;
  }

  function spreadList(s, sets) {
    var list = el("ul", { class: "sc-verdict-spread" });
    s.factors.forEach(function (f) {
      var li = el("li", { "data-factor": f.name });
      li.appendChild(el("span", { class: "sc-verdict-spread-label" }, f.label + ": mean " + pct(f.mean, 0) + ", from " +
        pct(f.min, 0) + " to " + pct(f.max, 0) + ", standard deviation " + window.SchemingModels.toFixedHalfEven(f.sd * 100, 0) + " points"));
      var track = el("span", { class: "sc-verdict-track sc-verdict-strip", "aria-hidden": "true" });
      var band = el("span", { class: "sc-verdict-sd" });
      band.style.left = 100 * Math.max(0, f.mean - f.sd) + "%";
      band.style.width = 100 * (Math.min(1, f.mean + f.sd) - Math.max(0, f.mean - f.sd)) + "%";
      track.appendChild(band);
      sets.forEach(function (v) {
        var dot = el("span", { class: "sc-verdict-dot" });
        dot.style.left = 100 * v.factors[f.name] + "%";
        track.appendChild(dot);
      });
      var m = el("span", { class: "sc-verdict-mean" });
      m.style.left = 100 * f.mean + "%";
      track.appendChild(m);
      li.appendChild(track);
      list.appendChild(li);
    });
    return list;
  }

  function mountClass(root) {
    var box = el("div", { class: "sc-verdict-box sc-verdict-class" });
    box.appendChild(noteEl(C.class_note));
    var pick = el("div", { class: "sc-verdict-drop", "data-drop": "true" });
    pick.appendChild(el("label", { for: "sc-verdict-files" }, "Choose verdict files (or drop them here)"));
    var input = el("input", { type: "file", id: "sc-verdict-files", multiple: "multiple", accept: ".json,application/json" });
    pick.appendChild(input);
    box.appendChild(pick);
    var status = statusEl();
    box.appendChild(status);
    var problems = el("ul", { class: "sc-verdict-problems", "aria-label": "Files not loaded" });
    box.appendChild(problems);
    box.appendChild(button("Start again with no files", function () {
      pool = [];
      problems.textContent = "";
      draw();
      status.textContent = "No files loaded.";
    }));
    var out = el("div", { class: "sc-verdict-out" });
    box.appendChild(out);
    var pool = [];
    var api = window.SchemingVerdict;

    function draw() {
      out.textContent = "";
      api.lastSummary = null;
      if (!pool.length) return;
      var s = classSummary(pool.map(function (v) { return v.answers; }));
      api.lastSummary = s;
      out.appendChild(el("h3", {}, "The class's bottom lines"));
      out.appendChild(el("p", { class: "sc-verdict-stats" }, s.n + " verdicts: mean " + pct(s.mean, 1) + ", median " +
        pct(s.median, 1) + ", from " + pct(s.min, 1) + " to " + pct(s.max, 1) + ". " + s.at_least_report + " at or above the report's " +
        pct(C.report, 0) + "; " + s.at_least_later + " at or above the later " + pct(C.later, 0) + "."));
      out.appendChild(histogramSvg(s));
      out.appendChild(el("h3", {}, "Where the class stands, factor by factor"));
      out.appendChild(el("p", { class: "sc-verdict-note" }, "One dot per verdict; the bar marks the mean, the shaded band one standard deviation either side."));
      out.appendChild(spreadList(s, pool));
      out.appendChild(el("h3", {}, "Where the class disagrees most: prompts for discussion"));
      var ol = el("ol", { class: "sc-verdict-prompts" });
      s.prompts.forEach(function (p) { ol.appendChild(el("li", {}, p)); });
      out.appendChild(ol);
    }

    function addFiles(files) {
      var list = Array.prototype.slice.call(files || []);
      if (!list.length) return Promise.resolve();
      status.textContent = "Reading " + list.length + " file(s)...";
      return Promise.all(list.map(function (f) {
        return readVerdictFile(f).then(function (v) { return { ok: v }; }, function (err) { return { err: err.message }; });
      })).then(function (results) {
        var good = 0;
        results.forEach(function (r) {
          if (r.ok) { pool.push(r.ok); good += 1; } else problems.appendChild(el("li", {}, r.err));
        });
        draw();
        status.textContent = "Loaded " + good + " of " + results.length + " file(s); " + pool.length + " verdict(s) in the class view" +
          (good < results.length ? "; " + (results.length - good) + " not loaded (listed below)." : ".");
        root.dataset.ready = String(pool.length);
      });
    }

    input.addEventListener("change", function () { addFiles(input.files).then(function () { input.value = ""; }); });
    ["dragenter", "dragover"].forEach(function (t) {
      pick.addEventListener(t, function (e) { e.preventDefault(); pick.classList.add("sc-verdict-dragging"); });
    });
    ["dragleave", "drop"].forEach(function (t) {
      pick.addEventListener(t, function () { pick.classList.remove("sc-verdict-dragging"); });
    });
    pick.addEventListener("drop", function (e) {
      e.preventDefault();
      addFiles(e.dataTransfer && e.dataTransfer.files);
    });
    root.textContent = "";
    root.appendChild(box);
  }

  // ---- Start -------------------------------------------------------------------------------------

  function init() {
    var cfg = document.querySelector("script.sc-verdict-config");
    if (!cfg || !window.SchemingModels) return;
    C = JSON.parse(cfg.textContent);
    answersNow(); // read the storage once, so that every panel can show a notice about it
    // Back to this page from another chapter (the browser's page cache), or answers changed in another tab: reread.
    var reread = function () { memory = null; answersNow(); refreshers.forEach(function (f) { f(); }); };
    window.addEventListener("pageshow", function (e) { if (e.persisted) reread(); });
    window.addEventListener("storage", function (e) { if (e.key === C.storage_key) reread(); });
    document.querySelectorAll("div.sc-verdict").forEach(function (root) {
      var kind = root.dataset.verdict;
      if (kind === "panel") mountPanel(root);
      else if (kind === "summary") mountSummary(root);
      else if (kind === "class") mountClass(root);
    });
  }

  window.SchemingVerdict = {
    classSummary: function (list) { return classSummary(list); },
    bottomLine: function (answers) { return bottomLine(checkAnswers(answers)); },
    trail: function (answers) { return trail(checkAnswers(answers)); },
    checkVerdict: function (data, source) { return checkVerdict(data, source || "verdict"); },
    lastSummary: null,
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
