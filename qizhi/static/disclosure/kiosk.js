// The touch screen returns to its start page after a while without a touch (data-kiosk-idle seconds).
(function () {
  "use strict";
  var screen = document.querySelector("[data-kiosk-home]");
  if (!screen) return;
  var home = screen.getAttribute("data-kiosk-home");
  var seconds = parseInt(screen.getAttribute("data-kiosk-idle"), 10) || 120;
  var timer = null;
  var atHome = window.location.pathname === home && !window.location.search;
  function restart() {
    if (timer) window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      if (atHome) window.location.reload(); else window.location.assign(home);
    }, seconds * 1000);
  }
  ["pointerdown", "touchstart", "keydown", "wheel", "scroll"].forEach(function (name) {
    window.addEventListener(name, restart, { passive: true });
  });
  document.addEventListener("contextmenu", function (event) { event.preventDefault(); });
  restart();
})();
