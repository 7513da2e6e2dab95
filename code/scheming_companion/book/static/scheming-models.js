/* In-page models of the Scheming AIs companion (loaded, after scheming-book.js, only on pages that use one).
 *
 * Most explorers look up precomputed figures. An in-page explorer (scheming_companion/explore/inpage.py)
 * has too many slider combinations for a table, so this script re-implements its model, operation for
 * operation as in the Python package, and gives scheming-book.js's explorer a `spec` function that
 * computes each figure: scheming-book.js still handles the controls and does all the drawing.
 * Numbers are rounded exactly as the package rounds figure JSON (6 significant digits, round-half-even),
 * and percentages are formatted as Python's "{:.1%}" does, so the page shows what Python would.
 * The browser test runs random settings through both and demands agreement.
 */
(function () {
  "use strict";

  // ---- Python-compatible rounding and formatting -------------------------------------------------

  // Python's format(x, ".{f}f"): the exact binary value rounded half-to-even. toFixed rounds the exact
  // value too, but breaks exact ties away from zero, so exact ties are redone here.
  function toFixedHalfEven(x, f) {
    var s = x.toFixed(f);
    var ax = Math.abs(x);
    if (ax >= 1e21 || f >= 100) return s;
    var exact = ax.toFixed(100); // exact for every double this book meets (|x| > 2^-48 or no tie possible)
    var dot = exact.indexOf(".");
    var digits = exact.slice(dot + 1);
    if (digits.charAt(f) !== "5" || !/^0*$/.test(digits.slice(f + 1))) return s;
    var truncated = f === 0 ? exact.slice(0, dot) : exact.slice(0, dot + 1 + f);
    var last = Number(truncated.charAt(truncated.length - 1));
    if (last % 2 === 1) return s; // away from zero is the even neighbour
    return (x < 0 || Object.is(x, -0) ? "-" : "") + truncated;
  }

  // Python's round(x, nd) for nd >= 0 (correctly rounded, half-to-even on the exact value).
  function pyRound(x, nd) {
    if (nd > 100) return x;
    if (nd < 0) {
      var p = Math.pow(10, -nd);
      return Number(toFixedHalfEven(x / p, 0)) * p; // not reached by this book's models (values <= 1)
    }
    return Number(toFixedHalfEven(x, nd));
  }

  // scheming_companion.explore.render.round_sig
  function roundSig(x, digits) {
    if (typeof x !== "number") return x;
    if (!isFinite(x)) return null;
    if (x === 0) return 0;
    return pyRound(x, digits - 1 - Math.floor(Math.log10(Math.abs(x))));
  }

  // scheming_companion.explore.render.plain, for numbers nested in arrays and objects.
  function plain(v) {
    if (Array.isArray(v)) return v.map(plain);
    if (v !== null && typeof v === "object") {
      var out = {};
      Object.keys(v).forEach(function (k) { out[k] = plain(v[k]); });
      return out;
    }
    return roundSig(v, 6);
  }

  // Python's f"{x:.{d}%}"
  function pct(x, d) {
    return toFixedHalfEven(x * 100, d) + "%";
  }

  // ---- The credence model (scheming_companion.models.credence) -----------------------------------

  var FACTORS = ["beyond_episode_goal", "ambitious", "goal_guarding", "empowerment", "non_classic",
    "survives_selection"];

  function credence(f) {
    var classic = f.ambitious * f.goal_guarding * f.empowerment;
    var pays = 1.0 - (1.0 - classic) * (1.0 - f.non_classic);
    return f.beyond_episode_goal * pays * f.survives_selection;
  }

  function withFactor(f, name, value) {
    var g = {};
    FACTORS.forEach(function (n) { g[n] = f[n]; });
    g[name] = value;
    return g;
  }

  function breakdown(f) {
    var total = credence(f);
    var classic = credence(withFactor(f, "non_classic", 0.0));
    return { total: total, classic_route: classic, other_routes: total - classic };
  }

  function sensitivity(f, swing) {
    var rows = FACTORS.map(function (name) {
      var lo = Math.max(0.0, f[name] - swing);
      var hi = Math.min(1.0, f[name] + swing);
      var low = credence(withFactor(f, name, lo));
      var high = credence(withFactor(f, name, hi));
      return { name: name, low_setting: lo, high_setting: hi, low: low, high: high, width: high - low };
    });
    // Array.prototype.sort is stable: ties keep the factor order, as Python's sorted() does.
    return rows.sort(function (a, b) { return b.width - a.width; });
  }

  function credencePatch(v, config) {
    var f = {};
    FACTORS.forEach(function (n) { f[n] = v[n]; });
    var b = breakdown(f);
    var rows = sensitivity(f, v.swing);
    var p = b.total;
    var label = {};
    FACTORS.forEach(function (n, i) { label[n] = config.labels[i]; });
    var labels = rows.map(function (r) { return label[r.name]; });
    var data = [
      { x: [b.classic_route] },
      { x: [b.other_routes], base: [b.classic_route] },
      {},
      { x: [p], text: [pct(p, 1)] },
      { y: labels, x: rows.map(function (r) { return p - r.low; }), base: rows.map(function (r) { return r.low; }),
        customdata: rows.map(function (r) { return [r.low_setting, r.low]; }) },
      { y: labels, x: rows.map(function (r) { return r.high - p; }), base: rows.map(function () { return p; }),
        customdata: rows.map(function (r) { return [r.high_setting, r.high]; }) },
    ];
    var top = rows[0];
    // The template and the author's numbers come from Python (figures/credence.py READOUT), never retyped here.
    var fill = {
      estimate: pct(p, 1), classic: pct(b.classic_route, 1), other: pct(b.other_routes, 1), swing: pct(v.swing, 0),
      lever: label[top.name].toLowerCase(), low: pct(top.low, 1), high: pct(top.high, 1),
    };
    var readout = config.readout.replace(/\{(\w+)\}/g, function (whole, key) {
      if (!Object.prototype.hasOwnProperty.call(fill, key)) throw new Error("credence readout: unknown {" + key + "}");
      return fill[key];
    });
    return { data: data.map(plain), layout: {}, readout: readout };
  }

  var MODELS = {
    credence: { patch: credencePatch, estimate: credence, breakdown: breakdown, sensitivity: sensitivity },
  };

  // ---- Hooking into scheming-book.js's explorers -------------------------------------------------

  function attach(ex) {
    if (ex.packed) return;  // a packed table is a precomputed one, never an in-page model's
    var t = ex.table;
    var model = MODELS[t["sc-inpage-model"]];
    if (!model) return;
    var cfg = t.inpage;
    var merge = window.SchemingBook.merge;
    ex.spec = function (state) {
      var s = state || this.state;
      var v = {};
      cfg.names.forEach(function (name, i) { v[name] = cfg.values[i][s[i]]; });
      var patch = model.patch(v, cfg.config);
      var data = t.base.data.map(function (trace, i) { return merge(trace, patch.data[i] || {}); });
      return { data: data, layout: merge(t.base.layout, patch.layout), readout: patch.readout };
    };
    // The controls hold grid indices; a browser may have restored them from an earlier visit.
    ex.state = cfg.initial.slice();
    var restored = false;
    ex.fig.querySelectorAll("input[type=range][data-param]").forEach(function (input) {
      var i = Number(input.dataset.param);
      if (Number(input.value) !== ex.state[i]) {
        restored = true;
        ex.onInput(input); // updates state, label and readout, and redraws
      }
    });
    ex.inpage = true;
    return restored;
  }

  function init() {
    if (!window.SchemingBook) return;
    var explorers = window.SchemingBook.explorers;
    Object.keys(explorers).forEach(function (id) { attach(explorers[id]); });
  }

  window.SchemingModels = {
    models: MODELS,
    roundSig: roundSig,
    toFixedHalfEven: toFixedHalfEven,
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
