// The phone ballot: one subject per screen; "全部…" rates every dimension and moves on (one tap);
// the draft is kept in this browser (localStorage) until submitted, and cleared on the receipt page.
(function () {
  "use strict";
  var receipt = document.getElementById("receipt");
  if (receipt) {
    var prefix = receipt.dataset.clearDraft;
    Object.keys(localStorage).forEach(function (key) { if (key.indexOf(prefix) === 0) localStorage.removeItem(key); });
    return;
  }
  var form = document.getElementById("ballot");
  if (!form) return;
  var key = form.dataset.draftKey;
  var sections = Array.prototype.slice.call(form.querySelectorAll(".qz-subject"));
  var current = 0;
  var prev = document.getElementById("ballot-prev");
  var next = document.getElementById("ballot-next");
  var submit = document.getElementById("ballot-submit");
  var position = document.getElementById("ballot-position");
  var count = document.getElementById("ballot-count");

  function save() {
    var draft = {};
    form.querySelectorAll("input[type=radio]:checked").forEach(function (input) { draft[input.name] = input.value; });
    try { localStorage.setItem(key, JSON.stringify(draft)); } catch (e) { /* private mode: no draft */ }
  }
  function restore() {
    var draft = {};
    try { draft = JSON.parse(localStorage.getItem(key) || "{}"); } catch (e) { draft = {}; }
    Object.keys(draft).forEach(function (name) {
      var input = form.querySelector("input[name='" + CSS.escape(name) + "'][value='" + CSS.escape(draft[name]) + "']");
      if (input) input.checked = true;
    });
  }
  function rated(section) {
    var sets = section.querySelectorAll("fieldset");
    return Array.prototype.every.call(sets, function (set) { return set.querySelector("input:checked"); });
  }
  function show(index) {
    current = Math.max(0, Math.min(sections.length - 1, index));
    sections.forEach(function (section, i) { section.hidden = i !== current; });
    prev.disabled = current === 0;
    next.hidden = current === sections.length - 1;
    position.textContent = (current + 1) + " / " + sections.length;
    count.textContent = "已评 " + sections.filter(rated).length + " 人";
    window.scrollTo(0, 0);
  }
  form.addEventListener("change", function () { save(); show(current); });
  form.querySelectorAll(".qz-all").forEach(function (button) {
    button.addEventListener("click", function () {
      var section = button.closest(".qz-subject");
      section.querySelectorAll("input[value='" + button.dataset.mark + "']").forEach(function (input) { input.checked = true; });
      save();
      show(current + 1 < sections.length ? current + 1 : current);
    });
  });
  prev.addEventListener("click", function () { show(current - 1); });
  next.addEventListener("click", function () { show(current + 1); });
  submit.addEventListener("click", function (event) {
    var done = sections.filter(rated).length;
    if (!window.confirm("已评价 " + done + " / " + sections.length + " 人，提交后不能修改。确认提交？")) event.preventDefault();
  });
  restore();
  show(0);
})();
