// The language switch keeps what was typed (issue 22): just before the switch is sent, the values
// of the page's own forms go to sessionStorage under the page's address; the page, back in the
// new language, puts them into the same fields once and forgets them. Passwords, files and fields
// marked autocomplete="off" (PINs, My Number) are never kept.
(function () {
  "use strict";
  var key = "madoguchi-typed:" + location.pathname + location.search;

  function fields() {
    return Array.prototype.filter.call(
      document.querySelectorAll("main form input, main form select, main form textarea"),
      function (el) {
        return el.name && el.name !== "csrfmiddlewaretoken" && el.autocomplete !== "off" &&
          ["hidden", "password", "file", "submit", "button"].indexOf(el.type) === -1;
      }
    );
  }

  function isChoice(el) {
    return el.type === "checkbox" || el.type === "radio";
  }

  document.addEventListener("submit", function (event) {
    if (!event.target.classList.contains("language-switch")) return;
    var typed = fields().map(function (el) {
      return { name: el.name, value: isChoice(el) ? el.checked : el.value };
    });
    try {
      sessionStorage.setItem(key, JSON.stringify(typed));
    } catch (err) { /* storage off: the switch still works, without the typing */ }
  }, true);

  document.addEventListener("DOMContentLoaded", function () {
    var raw = null;
    try {
      raw = sessionStorage.getItem(key);
      sessionStorage.removeItem(key);
    } catch (err) { return; }
    if (!raw) return;
    var typed = JSON.parse(raw);
    var list = fields();
    if (list.length !== typed.length) return; // another form than the one typed in
    list.forEach(function (el, i) {
      if (el.name !== typed[i].name) return;
      if (isChoice(el)) el.checked = typed[i].value;
      else el.value = typed[i].value;
    });
  });
})();
