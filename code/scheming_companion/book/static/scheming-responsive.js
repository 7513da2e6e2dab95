/* Figures on a narrow screen, and figures whose column changes width: a figure may carry its own narrow layout in layout.meta.narrow
 * ({below, layout, data}; see scheming_companion/explore/narrow.py). When the plot's box is narrower than
 * `below` CSS px, SchemingResponsive.adapt returns the figure with that patch applied; otherwise the figure
 * as it is. scheming-book.js calls it each time it draws, and redraws when the column's width changes.
 */
(function () {
  "use strict";

  function isObject(x) {
    return x !== null && typeof x === "object" && !Array.isArray(x);
  }

  // plotly.py's update() (nested objects merge, the rest replaces), except that a list of objects as long as
  // the base list merges item by item (an empty object keeps its item). Same rule as explore/narrow.py.
  function merge(base, patch) {
    if (isObject(base) && isObject(patch)) {
      var out = {};
      Object.keys(base).forEach(function (k) { out[k] = base[k]; });
      Object.keys(patch).forEach(function (k) { out[k] = k in out ? merge(out[k], patch[k]) : patch[k]; });
      return out;
    }
    if (Array.isArray(base) && Array.isArray(patch) && patch.length && base.length === patch.length &&
        patch.every(isObject) && base.every(isObject)) {
      return base.map(function (b, i) { return merge(b, patch[i]); });
    }
    return patch;
  }

  // The column can change width without the window changing (the theme switches to dark mode after the
  // figures drew and pads outputs, a sidebar opens): watch each plot's box, and when it no longer matches the
  // width the figure was drawn at, announce a resize, on which the book's script redraws (and plotly resizes).
  var pending = false;
  var watcher = typeof ResizeObserver === "undefined" ? null : new ResizeObserver(function (entries) {
    var stale = entries.some(function (e) {
      return e.target._scFitWidth !== undefined && e.target.clientWidth !== e.target._scFitWidth;
    });
    if (stale && !pending) {
      pending = true;
      window.requestAnimationFrame(function () {
        pending = false;
        window.dispatchEvent(new Event("resize"));
      });
    }
  });

  function adapt(div, data, layout) {
    if (watcher && !div._scWatched) {
      div._scWatched = true;
      watcher.observe(div);
    }
    var narrow = layout && isObject(layout.meta) && layout.meta.narrow;
    var width = div.clientWidth;
    var isNarrow = Boolean(narrow) && width > 0 && width < narrow.below;
    div.dataset.scLayout = isNarrow ? "narrow" : "wide";
    if (!isNarrow) return { data: data, layout: layout, narrow: false };
    var updates = narrow.data || [];
    return {
      data: data.map(function (t, i) { return updates[i] ? merge(t, updates[i]) : t; }),
      layout: merge(layout, narrow.layout || {}),
      narrow: true
    };
  }

  window.SchemingResponsive = { adapt: adapt, merge: merge };
})();
