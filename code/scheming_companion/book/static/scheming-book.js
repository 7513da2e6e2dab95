/* Draws the book's plotly figures and runs its kernel-free explorers.
 *
 * Figures: each <figure class="sc-figure"> holds a .sc-plot div and its JSON in a
 * <script type="application/json" class="sc-plot-data">.
 * Explorers: each <figure class="sc-explorer"> holds HTML controls, a .sc-plot div, a readout and a
 * table of precomputed figure patches (see scheming_companion/explore/explorable.py). Moving a control
 * looks up the patch for the chosen grid point and redraws: no model runs in the browser.
 * Figures sit on a light card in both colour modes (the theme also shows outputs on a light background in
 * dark mode), so they need no re-theming.
 */
(function () {
  "use strict";

  function isObject(x) {
    return x !== null && typeof x === "object" && !Array.isArray(x);
  }

  // Same semantics as plotly.py's update(): nested objects merge, everything else replaces.
  function merge(base, patch) {
    var out = {};
    Object.keys(base || {}).forEach(function (k) { out[k] = base[k]; });
    Object.keys(patch || {}).forEach(function (k) {
      out[k] = isObject(out[k]) && isObject(patch[k]) ? merge(out[k], patch[k]) : patch[k];
    });
    return out;
  }

  // Plotly never wraps a title: on a narrow column (a phone, or a laptop with both sidebars open) a long one
  // runs off the figure. Break it at spaces to fit the plot's width, and give each extra line room at the top.
  var measure = document.createElement("canvas").getContext("2d");

  function fitTitle(div, layout) {
    var title = layout.title;
    var text = title && (typeof title === "string" ? title : title.text);
    if (!text || text.indexOf("<br>") !== -1) return layout;
    var tmpl = (layout.template && layout.template.layout) || {};
    var base = (layout.font && layout.font.size) || (tmpl.font && tmpl.font.size) || 12;
    var size = (title.font && title.font.size) || base * 1.4;  // plotly's default title size
    var family = (title.font && title.font.family) || (layout.font && layout.font.family) ||
      (tmpl.font && tmpl.font.family) || "sans-serif";
    measure.font = size + "px " + family;
    var room = div.clientWidth - 40;  // the title starts 1% in; keep clear of the right edge
    if (!(room > 0) || measure.measureText(text).width <= room) return layout;
    var lines = [""];
    text.split(" ").forEach(function (word) {
      var last = lines[lines.length - 1];
      var tryLine = last ? last + " " + word : word;
      if (last && measure.measureText(tryLine).width > room) lines.push(word);
      else lines[lines.length - 1] = tryLine;
    });
    if (lines.length === 1) return layout;
    var margin = merge(tmpl.margin || {}, layout.margin || {});
    var extra = (lines.length - 1) * Math.ceil(size * 1.3);
    return merge(layout, {
      title: merge(typeof title === "string" ? {} : title, { text: lines.join("<br>") }),
      margin: merge(margin, { t: (margin.t === undefined ? 100 : margin.t) + extra }),
      height: layout.height ? layout.height + extra : layout.height
    });
  }

  function draw(div, data, layout, config) {
    div.dataset.scDrawn = "pending";
    div._scSpec = { data: data, layout: layout, config: config };
    div._scFitWidth = div.clientWidth;
    var fit = window.SchemingResponsive ? window.SchemingResponsive.adapt(div, data, layout) : { data: data, layout: layout };
    return Plotly.react(div, JSON.parse(JSON.stringify(fit.data)), fitTitle(div, fit.layout), config).then(function () {
      div.dataset.scDrawn = "true";
      div.dispatchEvent(new CustomEvent("sc:drawn", { bubbles: true }));
    });
  }

  // When the column's width changes (window resized, sidebar toggled), fit the titles again.
  var resizing = null;
  function refitAll() {
    resizing = null;
    document.querySelectorAll(".sc-plot").forEach(function (div) {
      var spec = div._scSpec;
      if (spec && div.dataset.scDrawn === "true" && div.clientWidth !== div._scFitWidth) {
        draw(div, spec.data, spec.layout, spec.config);
      }
    });
  }

  function mountFigure(fig) {
    var div = fig.querySelector(".sc-plot");
    var spec = JSON.parse(fig.querySelector("script.sc-plot-data").textContent);
    return draw(div, spec.data, spec.layout, spec.config);
  }

  function Explorer(fig) {
    this.fig = fig;
    this.div = fig.querySelector(".sc-plot");
    this.readout = fig.querySelector(".sc-readout");
    this.table = JSON.parse(fig.querySelector("script.sc-explorer-data").textContent);
    this.state = this.table.initial.slice();
    var self = this;
    fig.querySelectorAll("input[data-param]").forEach(function (input) {
      // A browser may restore the controls' earlier values (back button, reload): start from what they show.
      self.read(input);
      input.addEventListener("input", function () { self.onInput(input); });
      input.addEventListener("change", function () { self.onInput(input); });
    });
  }

  // Take a control's value into the state (and its label); false for a radio button that is not chosen.
  Explorer.prototype.read = function (input) {
    var i = Number(input.dataset.param);
    if (input.type === "radio" && !input.checked) return false;
    this.state[i] = Number(input.value);
    if (input.type === "range") {
      var labels = JSON.parse(input.dataset.labels);
      var text = labels[this.state[i]];
      input.setAttribute("aria-valuetext", text);
      var out = this.fig.querySelector('output[for="' + input.id + '"]');
      if (out) out.textContent = text;
    }
    return true;
  };

  Explorer.prototype.resync = function () {
    var self = this;
    var before = this.state.join();
    this.fig.querySelectorAll("input[data-param]").forEach(function (input) { self.read(input); });
    if (this.state.join() !== before) this.render();
  };

  Explorer.prototype.onInput = function (input) {
    if (this.read(input)) this.render();
  };

  // Mixed-radix index of the current grid point, first parameter most significant.
  Explorer.prototype.frameIndex = function (state) {
    var idx = 0;
    this.table.params.forEach(function (p, i) { idx = idx * p.n + state[i]; });
    return idx;
  };

  Explorer.prototype.spec = function (state) {
    var t = this.table;
    var row = t.frames[this.frameIndex(state || this.state)];
    var n = t.base.data.length;
    var data = t.base.data.map(function (trace, i) { return merge(trace, t.traces[i][row[i]]); });
    var layout = merge(t.base.layout, t.layouts[row[n]]);
    return { data: data, layout: layout, readout: t.readouts[row[n + 1]] };
  };

  Explorer.prototype.render = function () {
    var s = this.spec();
    if (this.readout) this.readout.textContent = s.readout;
    return draw(this.div, s.data, s.layout, this.table.base.config);
  };

  var explorers = {};

  function init() {
    if (typeof Plotly === "undefined") return;
    // Performance marks let the benchmark split plotly.js start-up from drawing.
    performance.mark("sc:init");
    var drawing = [];
    document.querySelectorAll("figure.sc-figure").forEach(function (fig) { drawing.push(mountFigure(fig)); });
    document.querySelectorAll("figure.sc-explorer").forEach(function (fig) {
      var ex = new Explorer(fig);
      explorers[fig.id] = ex;
      drawing.push(ex.render());
    });
    Promise.all(drawing).then(function () { performance.mark("sc:all-drawn"); });
    window.addEventListener("resize", function () {
      if (resizing === null) resizing = window.setTimeout(refitAll, 150);
    });
    // Going back to a page, the browser may put its controls back where the reader left them, after this
    // script ran: follow them.
    window.addEventListener("pageshow", function () {
      Object.keys(explorers).forEach(function (id) { explorers[id].resync(); });
    });
  }

  window.SchemingBook = { explorers: explorers, merge: merge, fitTitle: fitTitle };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
