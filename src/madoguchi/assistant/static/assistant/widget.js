// The assistant widget: answers in place (the question page answers JSON when asked); without
// this script the form simply posts to the question page.
(function () {
  "use strict";
  var form = document.querySelector(".assistant-widget__form");
  if (!form || !window.fetch) return;
  var result = document.querySelector(".assistant-widget__result");
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]");
  var label = function (name) { return result.getAttribute("data-label-" + name) || ""; };
  var el = function (tag, text, attrs) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    return node;
  };

  function feedback(token, handoffUrl) {
    var box = el("div", "", { role: "group", "aria-label": label("helpful") });
    box.appendChild(el("p", label("helpful")));
    ["yes", "no"].forEach(function (value) {
      var button = el("button", label(value), { type: "button", "class": "button button--secondary button--small" });
      button.addEventListener("click", function () {
        var body = new URLSearchParams({ t: token, helpful: value, csrfmiddlewaretoken: csrf ? csrf.value : "" });
        fetch(form.getAttribute("data-feedback"), {
          method: "POST", body: body, credentials: "same-origin",
          headers: { Accept: "application/json", "X-CSRFToken": csrf ? csrf.value : "" }
        }).then(function () {
          box.textContent = "";
          box.appendChild(el("p", label("thanks")));
          if (value === "no") box.appendChild(el("a", label("person"), { href: handoffUrl }));
        });
      });
      box.appendChild(button);
    });
    return box;
  }

  function show(data) {
    result.textContent = "";
    if (!data.confident) result.appendChild(el("p", label("unsure")));
    data.answers.forEach(function (answer, index) {
      var card = el("div", "", { "class": "assistant-widget__card" });
      var heading = el("h3");
      heading.appendChild(el("a", answer.title, { href: answer.url }));
      card.appendChild(heading);
      if (data.confident && index === 0) card.appendChild(el("p", answer.answer));
      if (answer.start_url) card.appendChild(el("a", label("start"), { href: answer.start_url, "class": "button button--small" }));
      result.appendChild(card);
    });
    result.appendChild(feedback(data.token, data.handoff_url));
    result.appendChild(el("p")).appendChild(el("a", label("person"), { href: data.handoff_url }));
  }

  form.addEventListener("submit", function (event) {
    var q = form.elements.q.value.trim();
    if (!q) return;
    event.preventDefault();
    fetch(form.getAttribute("action"), {
      method: "POST", body: new URLSearchParams(new FormData(form)), credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRFToken": csrf ? csrf.value : "" }
    })
      .then(function (response) { return response.json().then(function (data) { return { ok: response.ok, data: data }; }); })
      .then(function (reply) {
        if (reply.ok) { show(reply.data); return; }
        result.textContent = (reply.data.q && reply.data.q[0]) || reply.data.detail || label("error");
      })
      .catch(function () { result.textContent = label("error"); });
  });
})();
