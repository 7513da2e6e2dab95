/* Draws the book's plotly figures and runs its kernel-free explorers.
 *
 * Figures: each <figure class="sc-figure"> holds a .sc-plot div and its JSON in a
 * <script type="application/json" class="sc-plot-data">.
 * Explorers: each <figure class="sc-explorer"> holds HTML controls, a .sc-plot div, a readout and a
 * table of precomputed figure patches (see scheming_companion/explore/explorable.py). Moving a control
 * looks up the patch for the chosen grid point and redraws: no model runs in the browser. A big table comes
 * packed (scheming_companion/explore/compact.py; base85 in the built book) in a script file of its own (the
 * page holds a placeholder naming it), which is loaded and unpacked when its figure first draws or is touched.
 * When: a figure draws as it comes near the viewport (IntersectionObserver), every figure at once before
 * printing; its box holds the figure's height from the start, so nothing below it moves when it draws.
 * plotly.js (the book's own copy, named by this script's data-plotly attribute) is fetched only when the first
 * figure comes within a few screens of the viewport, so a page opens without parsing 1.5 MB of script.
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

  // ---- Packed tables (scheming_companion/explore/compact.py): "lzw1:<codes>:<bytes>:<base64>" ---------------

  // Base85 with Python's base64.b85encode alphabet (a last group of k < 5 characters holds k - 1 bytes), as a
  // binary string like atob's.
  var B85 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!#$%&()*+-;<=>?@^_`{|}~";
  var B85_VALUE = new Int8Array(128).fill(-1);
  for (var b = 0; b < 85; b++) B85_VALUE[B85.charCodeAt(b)] = b;
  function fromBase85(text) {
    var chunks = [], bytes = [];
    for (var i = 0; i < text.length; i += 5) {
      var k = Math.min(5, text.length - i), acc = 0;
      for (var j = 0; j < 5; j++) {
        var v = j < k ? B85_VALUE[text.charCodeAt(i + j) & 127] : 84;
        if (v < 0 || text.charCodeAt(i + j) > 127) throw new Error("explorer table: corrupt packing");
        acc = acc * 85 + v;
      }
      if (acc > 0xffffffff) throw new Error("explorer table: corrupt packing");
      for (var n = 0; n < (k === 5 ? 4 : k - 1); n++) bytes.push(Math.floor(acc / Math.pow(256, 3 - n)) % 256);
      if (bytes.length >= 8192) { chunks.push(String.fromCharCode.apply(null, bytes)); bytes = []; }
    }
    chunks.push(String.fromCharCode.apply(null, bytes));
    return chunks.join("");
  }

  function unpack(text) {
    var parts = text.split(":");
    if (parts.length !== 4 || (parts[0] !== "lzw1" && parts[0] !== "lzw1b85")) {
      throw new Error("explorer table: unknown packing");
    }
    var nCodes = Number(parts[1]), nBytes = Number(parts[2]);
    var bin = parts[0] === "lzw1" ? atob(parts[3]) : fromBase85(parts[3]);
    var size = 256 + nCodes;
    var prefix = new Int32Array(size), last = new Uint8Array(size), len = new Int32Array(size);
    for (var i = 0; i < 256; i++) { prefix[i] = -1; last[i] = i; len[i] = 1; }
    var next = 256, out = new Uint8Array(nBytes), at = 0, pos = 0, acc = 0, bits = 0, prev = -1;
    function write(code) {  // the entry's bytes, written backwards from its end
      var n = len[code], p = at + n - 1;
      if (p >= nBytes) throw new Error("explorer table: corrupt packing");
      for (var c = code; c >= 0; c = prefix[c]) out[p--] = last[c];
      at += n;
    }
    for (var k = 0; k < nCodes; k++) {
      var width = Math.max(9, 32 - Math.clz32(255 + k));
      while (bits < width) { acc = (acc << 8) | bin.charCodeAt(pos++); bits += 8; }
      bits -= width;
      var code = (acc >>> bits) & ((1 << width) - 1);
      acc &= (1 << bits) - 1;
      if (prev < 0) { write(code); prev = code; continue; }
      if (code > next) throw new Error("explorer table: corrupt packing");
      var start = at;
      prefix[next] = prev; len[next] = len[prev] + 1;
      if (code < next) { write(code); last[next] = out[start]; }
      else { last[next] = out[start - len[prev]]; write(code); }  // the entry being defined: prev + its first byte
      next++;
      prev = code;
    }
    if (at !== nBytes) throw new Error("explorer table: corrupt packing");
    return new TextDecoder("utf-8").decode(out);
  }

  // A table's text: in the page, or (a packed table, book/sphinx_ext.py's external_tables) from the script file
  // its placeholder names, once `loadTable` has run it.
  function readTable(script) {
    var text = script.textContent;
    if (script.dataset.src) {
      text = (window.SchemingTables || {})[script.dataset.key];
      if (typeof text !== "string") throw new Error("explorer table " + script.dataset.src + " is not loaded");
    }
    return JSON.parse(script.dataset.encoding === undefined ? text : unpack(text));
  }

  // Scripts added to the page once each (plotly.js, explorer tables): a promise per address.
  var loading = {};
  function loadScript(url) {
    if (!loading[url]) {
      loading[url] = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = url;
        script.onload = function () { resolve(); };
        script.onerror = function () { delete loading[url]; reject(new Error("could not load " + url)); };
        document.head.appendChild(script);
      });
    }
    return loading[url];
  }

  function loadTable(script) {
    if (!script.dataset.src) return Promise.resolve();
    return loadScript(script.dataset.src).then(function () {
      if (typeof (window.SchemingTables || {})[script.dataset.key] !== "string") {
        throw new Error(script.dataset.src + " does not hold explorer table " + script.dataset.key);
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
    this.packed = fig.querySelector("script.sc-explorer-data").dataset.encoding !== undefined;
    this.state = [];  // filled from the controls; the table is read only when first needed (see `table`)
    var self = this;
    fig.querySelectorAll("input[data-param]").forEach(function (input) {
      // A browser may restore the controls' earlier values (back button, reload): start from what they show.
      self.read(input);
      input.addEventListener("input", function () { self.onInput(input); });
      input.addEventListener("change", function () { self.onInput(input); });
    });
  }

  // The table of precomputed patches, unpacked and parsed on first use: the first draw or the first touch.
  Object.defineProperty(Explorer.prototype, "table", {
    get: function () {
      if (!this._table) {
        this._table = readTable(this.fig.querySelector("script.sc-explorer-data"));
        var state = this.state;
        this._table.initial.forEach(function (v, i) { if (state[i] === undefined) state[i] = v; });
      }
      return this._table;
    },
    set: function (table) { this._table = table; }
  });

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

  // Draw the current state, once its table's file has loaded (when the table lives in one).
  Explorer.prototype.draw = function () {
    var self = this;
    return loadTable(this.fig.querySelector("script.sc-explorer-data")).then(function () { return self.render(); });
  };

  Explorer.prototype.resync = function () {
    var self = this;
    var before = this.state.join();
    this.fig.querySelectorAll("input[data-param]").forEach(function (input) { self.read(input); });
    if (this.state.join() !== before) this.render();
  };

  Explorer.prototype.onInput = function (input) {
    var self = this;
    if (this.read(input)) withPlotly().then(function () { return self.draw(); });
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

  // ---- When to draw ----------------------------------------------------------------------------------
  // Each figure is a job: it runs once, when its figure comes within NEAR of the viewport, or when every
  // figure is wanted at once (printing). Without IntersectionObserver every job runs at once.
  var NEAR = "400px 0px";
  // Fetch plotly.js when a figure is this close (a screen and a half on a phone): on a slow link it takes a
  // few seconds, about the time a reader takes to scroll that far.
  var SOON = "1200px 0px";
  var jobs = [];
  var observer = null;
  var PLOTLY_URL = document.currentScript && document.currentScript.dataset.plotly;

  // plotly.js, fetched once (a page that loads it itself, as before, needs no fetch).
  function withPlotly() {
    if (typeof Plotly !== "undefined") return Promise.resolve();
    if (!PLOTLY_URL) return Promise.reject(new Error("scheming-book.js: no plotly.js to load (data-plotly)"));
    return loadScript(PLOTLY_URL);
  }

  function whenNear(el, run) {
    var job = { el: el, promise: null };
    job.start = function () {
      if (!job.promise) {
        if (observer) observer.unobserve(el);
        job.promise = withPlotly().then(run);
      }
      return job.promise;
    };
    jobs.push(job);
    el._scJob = job;
    if (observer) observer.observe(el);
    else job.start();
    return job;
  }

  function drawAll() {
    return Promise.all(jobs.map(function (job) { return job.start(); }));
  }

  // The plot's box is held at the figure's height (set in the HTML) until it has drawn; then plotly's own
  // size takes over.
  function release(div) {
    return function () { div.style.minHeight = ""; };
  }

  function init() {
    // Performance marks let the benchmark split plotly.js start-up from drawing.
    performance.mark("sc:init");
    if ("IntersectionObserver" in window) {
      observer = new IntersectionObserver(function (entries) {
        entries.forEach(function (entry) { if (entry.isIntersecting) entry.target._scJob.start(); });
      }, { rootMargin: NEAR });
      var soon = new IntersectionObserver(function (entries) {
        if (entries.some(function (entry) { return entry.isIntersecting; })) {
          soon.disconnect();
          withPlotly();
        }
      }, { rootMargin: SOON });
      document.querySelectorAll("figure.sc-figure, figure.sc-explorer").forEach(function (fig) { soon.observe(fig); });
    }
    document.querySelectorAll("figure.sc-figure").forEach(function (fig) {
      whenNear(fig, function () { return mountFigure(fig).then(release(fig.querySelector(".sc-plot"))); });
    });
    document.querySelectorAll("figure.sc-explorer").forEach(function (fig) {
      var ex = new Explorer(fig);
      explorers[fig.id] = ex;
      whenNear(fig, function () {
        fig.querySelectorAll("input[data-param]").forEach(function (input) { ex.read(input); });  // restored?
        return ex.draw().then(release(ex.div));
      });
    });
    window.addEventListener("beforeprint", drawAll);
    window.addEventListener("resize", function () {
      if (resizing === null) resizing = window.setTimeout(refitAll, 150);
    });
    // Going back to a page, the browser may put its controls back where the reader left them, after this
    // script ran: follow them (drawn explorers only; the others read their controls when they draw).
    window.addEventListener("pageshow", function () {
      Object.keys(explorers).forEach(function (id) {
        if (explorers[id].div.dataset.scDrawn) explorers[id].resync();
      });
    });
  }

  window.SchemingBook = { explorers: explorers, merge: merge, fitTitle: fitTitle, drawAll: drawAll, unpack: unpack };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
