// refsearch: small improvements over pages that work without JavaScript.
// - the sort menu applies itself when changed;
// - the citation style links switch the citation in place (JSON API);
// - a copy button copies the citation (Clipboard API, with a selection fallback).
(function () {
  "use strict";

  function autoSubmit() {
    document.querySelectorAll("select.auto-submit").forEach(function (select) {
      select.addEventListener("change", function () {
        if (select.form) { select.form.submit(); }
      });
    });
  }

  function setStatus(box, text) {
    var status = box.querySelector(".copy-status");
    if (status) { status.textContent = text; }
  }

  function styleSwitch() {
    var box = document.querySelector(".citation-box");
    if (!box || !window.fetch) { return; }
    var citationUrl = box.getAttribute("data-citation-url");
    var target = box.querySelector(".citation");
    box.querySelectorAll("a[data-style]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        var style = link.getAttribute("data-style");
        var url = citationUrl + "?style=" + encodeURIComponent(style);
        fetch(url, { headers: { "Accept": "application/json" } })
          .then(function (response) {
            if (!response.ok) { throw new Error("HTTP " + response.status); }
            return response.json();
          })
          .then(function (data) {
            target.textContent = data.citation;
            box.querySelectorAll("a[data-style]").forEach(function (other) {
              other.removeAttribute("aria-current");
            });
            link.setAttribute("aria-current", "true");
            setStatus(box, "");
            if (window.history && history.replaceState) { history.replaceState(null, "", link.href); }
          })
          .catch(function () { window.location.href = link.href; });
      });
    });
  }

  function copyBySelection(element) {
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    var copied = false;
    try { copied = document.execCommand("copy"); } catch (e) { copied = false; }
    return copied;
  }

  function copyButtons() {
    document.querySelectorAll("button[data-copy-target]").forEach(function (button) {
      var element = document.getElementById(button.getAttribute("data-copy-target"));
      var box = button.closest(".citation-box") || document;
      if (!element) { return; }
      button.hidden = false;
      button.addEventListener("click", function () {
        var text = element.textContent;
        var done = function () { setStatus(box, "Copied"); };
        var fallback = function () {
          setStatus(box, copyBySelection(element) ? "Copied" : "Press Ctrl+C to copy the selected citation");
        };
        if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(text).then(done, fallback);
        } else {
          fallback();
        }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    autoSubmit();
    styleSwitch();
    copyButtons();
  });
}());
