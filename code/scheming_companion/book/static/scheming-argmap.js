/* Argument maps, with no kernel: tick a premise you reject or an objection you accept, and every claim says
 * whether it stands, loses support or falls.
 *
 * The map is a nested list written by scheming_companion/book/argmap.py: each claim is an
 * <li class="sc-argmap-claim" data-claim="id"> (a step also has data-needs="a b" and data-combine="all|any"),
 * each objection an <li class="sc-argmap-objection" data-attacks="id" data-effect="defeats|weakens">. The
 * checkboxes and statuses start hidden, so without this script the map reads as a plain outline.
 *
 * evaluate() is the same rule as scheming_companion.models.argmap.evaluate (a browser test compares them on
 * generated maps). Text goes into the page only through textContent.
 */
(function () {
  "use strict";

  var STATUSES = ["falls", "loses support", "stands"];

  /* map = {conclusion: id, claims: {id: {needs: [ids], combine: "all"|"any"}}, (a premise has needs []),
   *        objections: {id: {attacks: id, effect: "defeats"|"weakens"}}} */
  function evaluate(map, rejected, accepted) {
    var level = {};
    var has = function (obj, key) { return Object.prototype.hasOwnProperty.call(obj, key); };
    function value(id) {
      if (has(level, id)) return level[id];
      var claim = map.claims[id];
      var v;
      if (claim.needs && claim.needs.length) {
        var kids = claim.needs.map(value);
        v = claim.combine === "all" ? Math.min.apply(null, kids) : Math.max.apply(null, kids);
      } else {
        v = rejected.indexOf(id) >= 0 ? 0 : 2;
      }
      Object.keys(map.objections).forEach(function (oid) {
        var o = map.objections[oid];
        if (o.attacks === id && accepted.indexOf(oid) >= 0) v = Math.min(v, o.effect === "defeats" ? 0 : 1);
      });
      level[id] = v;
      return v;
    }
    var out = {};
    Object.keys(map.claims).forEach(function (id) { out[id] = STATUSES[value(id)]; });
    return out;
  }

  function readMap(root) {
    var map = {conclusion: root.dataset.conclusion, claims: {}, objections: {}};
    root.querySelectorAll("li.sc-argmap-claim").forEach(function (li) {
      var needs = li.dataset.needs ? li.dataset.needs.split(" ") : [];
      map.claims[li.dataset.claim] = {needs: needs, combine: li.dataset.combine || "all"};
    });
    root.querySelectorAll("li.sc-argmap-objection").forEach(function (li) {
      map.objections[li.dataset.objection] = {attacks: li.dataset.attacks, effect: li.dataset.effect};
    });
    return map;
  }

  function update(root, map) {
    var rejected = [], accepted = [];
    root.querySelectorAll("input.sc-argmap-reject:checked").forEach(function (i) { rejected.push(i.dataset.claim); });
    root.querySelectorAll("input.sc-argmap-accept:checked").forEach(function (i) { accepted.push(i.dataset.objection); });
    var result = evaluate(map, rejected, accepted);
    root.querySelectorAll("li.sc-argmap-claim").forEach(function (li) {
      var status = result[li.dataset.claim];
      li.dataset.state = status === "loses support" ? "weak" : status;
      var span = li.querySelector(":scope > .sc-argmap-status");
      span.textContent = status;
      span.dataset.status = status;
    });
    root.querySelectorAll("li.sc-argmap-objection").forEach(function (li) {
      li.classList.toggle("sc-argmap-accepted", accepted.indexOf(li.dataset.objection) >= 0);
    });
    var summary = root.querySelector(".sc-argmap-summary");
    var text = "The conclusion " + result[map.conclusion] + ".";
    if (!rejected.length && !accepted.length) text += " Nothing rejected or accepted yet.";
    summary.textContent = text;
  }

  function init() {
    document.querySelectorAll("div.sc-argmap:not(.sc-argmap-static)").forEach(function (root) {
      var map = readMap(root);
      root.querySelectorAll("[hidden]").forEach(function (el) { el.hidden = false; });  // the script runs: show controls
      root.classList.add("sc-argmap-live");
      root.addEventListener("change", function () { update(root, map); });
      update(root, map);
    });
  }

  window.schemingArgmap = {evaluate: evaluate, STATUSES: STATUSES};
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
