// Conditional fields of a procedure form (ui_schema "show_if", procedures/conditions.py).
// A field (or repeated group) with data-show-if='{"field": "move.whole_household", "equals": false}'
// is shown only while the field with data-field="move.whole_household" on the same page has that
// answer; otherwise it gets the `hidden` attribute (out of sight, out of the tab order, not read
// out). Without JavaScript every field stays visible with a hint saying when to answer it, and the
// server drops the answers to hidden fields anyway: this file only spares residents the questions
// that do not concern them.
(function () {
  "use strict";

  // The controlling field: in the same row of a repeated group first, then anywhere in the form.
  function controllerOf(dependent, path) {
    var selector = '[data-field="' + path.replace(/["\\]/g, "") + '"]';
    var row = dependent.closest("[data-repeat-item]");
    var found = row ? row.querySelector(selector) : null;
    return found || (dependent.closest("form") || document).querySelector(selector);
  }

  // The answer as the server stores it: true/false for a single checkbox, the chosen value,
  // the text typed; null when unanswered or when the controlling field is itself hidden.
  function answerOf(wrapper) {
    if (!wrapper || wrapper.closest("[hidden]")) { return null; }
    var inputs = wrapper.querySelectorAll("input, select, textarea");
    var radios = wrapper.querySelectorAll("input[type=radio]");
    var boxes = wrapper.querySelectorAll("input[type=checkbox]");
    if (radios.length) {
      var checked = wrapper.querySelector("input[type=radio]:checked");
      return checked ? checked.value : null;
    }
    if (boxes.length === 1 && inputs.length === 1) { return boxes[0].checked; }
    if (boxes.length) { return null; } // several choices: not a controlling field
    var value = inputs.length ? inputs[0].value.trim() : "";
    return value === "" ? null : value;
  }

  function same(answer, expected) {
    if (typeof expected === "boolean" || typeof answer === "boolean") { return answer === expected; }
    if (typeof expected === "number") {
      return Number(String(answer).normalize("NFKC").replace(/,/g, "")) === expected;
    }
    return String(answer) === String(expected);
  }

  function holds(rule, answer) {
    if (answer === null) { return false; }
    if ("equals" in rule) { return same(answer, rule.equals); }
    if ("not_equals" in rule) { return !same(answer, rule.not_equals); }
    if (Array.isArray(rule["in"])) { return rule["in"].some(function (v) { return same(answer, v); }); }
    return true; // a rule this file does not understand: keep the field (the server decides)
  }

  function refresh(scope) {
    var dependents = scope.querySelectorAll("[data-show-if]");
    // Conditions may chain (a field shown only when a shown field has some answer): repeat until
    // nothing changes; a chain is never longer than the number of conditional fields.
    for (var round = 0; round <= dependents.length; round += 1) {
      var changed = false;
      Array.prototype.forEach.call(dependents, function (dependent) {
        var rule;
        try { rule = JSON.parse(dependent.getAttribute("data-show-if")); } catch (e) { return; }
        var shown = holds(rule, answerOf(controllerOf(dependent, String(rule.field || ""))));
        if (dependent.hidden === shown) {
          dependent.hidden = !shown;
          changed = true;
        }
      });
      if (!changed) { break; }
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("form"), function (form) {
      if (!form.querySelector("[data-show-if]")) { return; }
      refresh(form);
      form.addEventListener("change", function () { refresh(form); });
      form.addEventListener("input", function () { refresh(form); });
    });
  });
})();
