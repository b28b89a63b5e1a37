// 郵便番号 → 住所 on a procedure form. A postal code input with data-address-field="<name>"
// gets a 「住所を検索」 button; it asks /procedures/address-lookup/ (日本郵便's data) and fills the
// address field with the prefecture, city and town, leaving the resident to add the 番地.
// Without JavaScript there is no button and the address is typed as before.
(function () {
  "use strict";

  function setUp(form) {
    var url = form.getAttribute("data-address-lookup");
    if (!url) return;
    var label = form.getAttribute("data-address-lookup-label") || "住所を検索";
    var filled = form.getAttribute("data-address-lookup-filled") || "";
    var inputs = form.querySelectorAll("input[data-address-field]");
    Array.prototype.forEach.call(inputs, function (input) {
      var target = form.elements[input.getAttribute("data-address-field")];
      if (!target) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button button--secondary button--small postal-lookup__button";
      button.textContent = label;
      var status = document.createElement("span");
      status.className = "postal-lookup__status";
      status.setAttribute("role", "status");
      input.insertAdjacentElement("afterend", status);
      input.insertAdjacentElement("afterend", button);
      button.addEventListener("click", function () {
        status.textContent = "";
        fetch(url + "?code=" + encodeURIComponent(input.value), { headers: { Accept: "application/json" } })
          .then(function (response) { return response.json(); })
          .then(function (data) {
            if (data.error) {
              status.textContent = data.error;
              return;
            }
            if (data.postal_code) input.value = data.postal_code;
            target.value = data.address;
            status.textContent = filled;
            target.focus();
            target.setSelectionRange(target.value.length, target.value.length);
          })
          .catch(function () { status.textContent = ""; });
      });
    });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-address-lookup]"), setUp);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
