// refsearch: small improvements over pages that work without JavaScript.
// - the sort menu applies itself when a pointer picks a value; the keyboard moves through
//   it freely and applies it with the Apply button (an arrow key never reloads the page);
// - long facet lists get a box that narrows them as one types, by any name of a value;
// - "Back to results" returns to where the results page was scrolled;
// - the citation style links switch the citation in place (JSON API), italics included;
// - a copy button copies the citation (Clipboard API, with a selection fallback).
(function () {
  "use strict";

  function pointerSubmit() {
    document.querySelectorAll("select.auto-submit").forEach(function (select) {
      var byPointer = false;
      select.addEventListener("pointerdown", function () { byPointer = true; });
      select.addEventListener("keydown", function () { byPointer = false; });
      select.addEventListener("change", function () {
        if (byPointer && select.form) { select.form.submit(); }
      });
    });
  }

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  // Lists with more values than this get a filter box.
  var FILTER_FROM = 10;

  function facetFilters() {
    document.querySelectorAll("ul.facet-values").forEach(function (list, index) {
      var items = list.querySelectorAll("li");
      if (items.length <= FILTER_FROM) { return; }
      var input = document.createElement("input");
      input.type = "search";
      input.className = "facet-filter";
      input.id = "facet-filter-" + index;
      input.setAttribute("aria-label", list.getAttribute("data-filter-label") || "Filter these values");
      input.placeholder = "Type to narrow the list";
      var status = document.createElement("span");
      status.className = "visually-hidden";
      status.setAttribute("role", "status");
      input.addEventListener("input", function () {
        var wanted = fold(input.value.trim());
        var shown = 0;
        items.forEach(function (item) {
          var label = item.querySelector(".facet-label");
          // The value's other names (a country's old names, aliases and demonyms) count too,
          // so "burma" finds Myanmar and "ivory" Côte d'Ivoire, as in the search box.
          var names = [label ? label.textContent : item.textContent]
            .concat((item.getAttribute("data-names") || "").split("|"));
          var match = !wanted || names.some(function (name) {
            return name && fold(name).indexOf(wanted) !== -1;
          });
          item.hidden = !match;
          if (match) { shown += 1; }
        });
        status.textContent = shown + " of " + items.length + " values shown";
      });
      list.parentNode.insertBefore(input, list);
      list.parentNode.insertBefore(status, list);
    });
  }

  function setStatus(box, text) {
    var status = box.querySelector(".copy-status");
    if (status) { status.textContent = text; }
  }

  function showCitation(target, data) {
    while (target.firstChild) { target.removeChild(target.firstChild); }
    (data.spans || [{ text: data.citation, italic: false }]).forEach(function (span) {
      if (span.italic) {
        var italic = document.createElement("i");
        italic.textContent = span.text;
        target.appendChild(italic);
      } else {
        target.appendChild(document.createTextNode(span.text));
      }
    });
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
        // The citation address may already hold ?at= (a passage): add the style to its
        // parameters instead of appending a second "?".
        var url = new URL(citationUrl, window.location.href);
        url.searchParams.set("style", style);
        fetch(url.toString(), { headers: { "Accept": "application/json" } })
          .then(function (response) {
            if (!response.ok) { throw new Error("HTTP " + response.status); }
            return response.json();
          })
          .then(function (data) {
            showCitation(target, data);
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

  // Where a results page was scrolled, kept for this tab while a document opened from it is
  // read; "Back to results" asks for it back. A search typed anew starts at the top.
  var SCROLL_KEY = "refsearch:results-scroll";
  var RESTORE_KEY = "refsearch:restore-scroll";

  function sameResults(a, b) {
    // One results page whatever the order or encoding of its parameters.
    var normal = function (address) {
      var url = new URL(address, window.location.href);
      var pairs = [];
      url.searchParams.forEach(function (value, key) { pairs.push(key + "=" + value); });
      return url.pathname + "?" + pairs.sort().join("&");
    };
    return normal(a) === normal(b);
  }

  function keepScroll() {
    var storage;
    try { storage = window.sessionStorage; } catch (e) { return; }
    if (!storage) { return; }
    if (document.querySelector(".results")) {
      window.addEventListener("pagehide", function () {
        try {
          storage.setItem(SCROLL_KEY, JSON.stringify({ url: window.location.href, y: window.scrollY }));
        } catch (e) { /* storage full or refused: the page just opens at the top */ }
      });
      var wanted = storage.getItem(RESTORE_KEY);
      storage.removeItem(RESTORE_KEY);
      var kept = null;
      try { kept = JSON.parse(storage.getItem(SCROLL_KEY) || "null"); } catch (e) { kept = null; }
      if (wanted && kept && sameResults(kept.url, window.location.href)) {
        window.scrollTo(0, kept.y);
      }
    }
    document.querySelectorAll("a.back-to-results").forEach(function (link) {
      link.addEventListener("click", function () {
        try { storage.setItem(RESTORE_KEY, "1"); } catch (e) { /* opens at the top */ }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    keepScroll();
    pointerSubmit();
    facetFilters();
    styleSwitch();
    copyButtons();
  });
}());
