// Drawn signature on the counter tablet (書かない窓口). Without JavaScript the resident ticks the
// confirmation box instead; with it, drawing on the pad fills the hidden field and selects
// "sign by hand".
(function () {
  "use strict";
  function setup(box) {
    var canvas = box.querySelector("canvas");
    var form = box.closest("form");
    var output = form.querySelector("input[name=signature_image]");
    var clear = box.querySelector(".signature__clear");
    var drawn = form.querySelector("input[name=method][value=drawn]");
    var ctx = canvas.getContext("2d");
    var drawing = false;
    var hasInk = false;
    box.classList.add("signature--active");
    clear.hidden = false;
    ctx.lineWidth = 4;
    ctx.lineCap = "round";
    ctx.strokeStyle = "#000";
    function point(event) {
      var rect = canvas.getBoundingClientRect();
      return {
        x: (event.clientX - rect.left) * (canvas.width / rect.width),
        y: (event.clientY - rect.top) * (canvas.height / rect.height)
      };
    }
    canvas.addEventListener("pointerdown", function (event) {
      drawing = true;
      canvas.setPointerCapture(event.pointerId);
      var p = point(event);
      ctx.beginPath();
      ctx.moveTo(p.x, p.y);
      event.preventDefault();
    });
    canvas.addEventListener("pointermove", function (event) {
      if (!drawing) { return; }
      var p = point(event);
      ctx.lineTo(p.x, p.y);
      ctx.stroke();
      hasInk = true;
    });
    function finish() {
      if (!drawing) { return; }
      drawing = false;
      if (hasInk) {
        output.value = canvas.toDataURL("image/png");
        if (drawn) { drawn.checked = true; }
      }
    }
    canvas.addEventListener("pointerup", finish);
    canvas.addEventListener("pointercancel", finish);
    clear.addEventListener("click", function () {
      ctx.clearRect(0, 0, canvas.width, canvas.height);
      output.value = "";
      hasInk = false;
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("[data-signature]"), setup);
  });
})();
