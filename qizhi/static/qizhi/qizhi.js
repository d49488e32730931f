// Unit tree: the first click on a node loads its children (htmx, "click once"); later clicks fold and unfold them.
document.addEventListener("click", (event) => {
  const button = event.target.closest(".qz-expand");
  if (!button || !button.dataset.loaded) return;
  const slot = button.closest("li").querySelector(":scope > .qz-tree-slot");
  slot.hidden = !slot.hidden;
  button.querySelector("i").className = slot.hidden ? "bi bi-plus-square" : "bi bi-dash-square";
  button.setAttribute("aria-expanded", String(!slot.hidden));
});
document.addEventListener("htmx:afterSwap", (event) => {
  const button = event.detail.requestConfig && event.detail.requestConfig.elt;
  if (button && button.classList.contains("qz-expand")) {
    button.dataset.loaded = "1";
    button.querySelector("i").className = "bi bi-dash-square";
    button.setAttribute("aria-expanded", "true");
  }
});
// A "copy" button names the element whose text it copies (no inline handlers: the CSP forbids them).
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-qz-copy]");
  if (button) navigator.clipboard.writeText(document.getElementById(button.dataset.qzCopy).innerText);
});

// The print header names the page (its <title> before " · "): see .qz-print-header in qizhi.css.
document.querySelectorAll(".qz-print-title").forEach((el) => {
  el.textContent = document.title.split(" · ")[0];
});
