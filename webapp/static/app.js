// refsearch: small improvements over pages that work without JavaScript.
// - the sort menu applies itself when a pointer picks a value; the keyboard moves through
//   it freely and applies it with the Apply button (an arrow key never reloads the page);
// - long facet lists get a box that narrows them as one types, by any name of a value;
// - "Back to results" returns to where the results page was scrolled;
// - the citation style links switch the citation in place (JSON API), italics included;
// - a copy button copies the citation (Clipboard API, with a selection fallback);
// - a paragraph's ¶ control opens the passage citation panel right under that paragraph.
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

  function copy(button) {
    var element = document.getElementById(button.getAttribute("data-copy-target"));
    var box = button.closest(".citation-box, .passage-panel") || document;
    if (!element) { return; }
    var done = function () { setStatus(box, "Copied"); };
    var fallback = function () {
      setStatus(box, copyBySelection(element) ? "Copied" : "Press Ctrl+C to copy the selected citation");
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(element.textContent).then(done, fallback);
    } else {
      fallback();
    }
  }

  // One listener for every copy button, those the passage panel adds later included.
  function copyButtons() {
    document.querySelectorAll("button[data-copy-target]").forEach(function (button) { button.hidden = false; });
    document.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-copy-target]");
      if (button) { copy(button); }
    });
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }

  // The quotation with its citation: quoted words in another language than the panel's keep
  // their lang and dir (an Arabic paragraph is quoted right to left inside the English panel).
  function showQuotation(target, data) {
    while (target.firstChild) { target.removeChild(target.firstChild); }
    var runs = data.quotation_runs && data.quotation_runs.length ? data.quotation_runs : [{ text: data.quotation || "" }];
    runs.forEach(function (run) {
      if (!run.dir) { target.appendChild(document.createTextNode(run.text)); return; }
      var span = element("span", "", run.text);
      if (run.lang) { span.setAttribute("lang", run.lang); }
      span.setAttribute("dir", run.dir);
      target.appendChild(span);
    });
  }

  // The passage panel: its content is the citation API's answer for one paragraph and style.
  function fillPassage(panel, data) {
    panel.setAttribute("data-at", data.at || "");
    panel.setAttribute("data-style", data.style);
    panel.querySelector(".passage-place").textContent = data.pinpoint ? "(" + data.pinpoint + ")" : "";
    var forms = panel.querySelector(".passage-forms");
    while (forms.firstChild) { forms.removeChild(forms.firstChild); }
    var entries = (data.in_text || []).map(function (form) { return { kind: form.kind, spans: form.spans }; });
    if (!entries.length) {
      forms.appendChild(element("p", "hint", "This style has no in-text citation: a reference manager writes it from the record."));
    }
    entries.push({ kind: "Reference entry", spans: data.spans, reference: true });
    entries.forEach(function (entry, index) {
      var id = entry.reference ? "passage-reference" : "passage-form-" + (index + 1);
      var box = element("div", "passage-form");
      var heading = element("h4", "", entry.kind);
      heading.id = id + "-kind";
      var text = element("p", "citation " + (entry.reference ? "reference" : "in-text"));
      text.id = id;
      text.setAttribute("aria-labelledby", heading.id);
      showCitation(text, { spans: entry.spans });
      var button = element("button", "passage-copy", "Copy the " + entry.kind.toLowerCase());
      button.type = "button";
      button.setAttribute("data-copy-target", id);
      box.appendChild(heading);
      box.appendChild(text);
      box.appendChild(button);
      forms.appendChild(box);
    });
    var original = panel.querySelector(".passage-original");
    if (original) {
      original.hidden = !data.original;
      original.querySelector("a").setAttribute("href", data.original || "");
      original.querySelector(".passage-page").textContent = data.original ? String(data.page) : "";
    }
    var quotation = panel.querySelector(".passage-quotation");
    showQuotation(panel.querySelector("#passage-quotation"), data);
    quotation.hidden = !data.quotation;
    panel.querySelector(".copy-quotation").hidden = !data.quotation;
    panel.querySelectorAll(".passage-styles a[data-style]").forEach(function (link) {
      var url = new URL(link.href, window.location.href);
      url.searchParams.set("at", data.at || "");
      url.hash = data.at || "";
      link.href = url.toString();
      if (link.getAttribute("data-style") === data.style) {
        link.setAttribute("aria-current", "true");
      } else {
        link.removeAttribute("aria-current");
      }
    });
    setStatus(panel, "");
  }

  function passagePanel() {
    var panel = document.getElementById("passage-panel");
    if (!panel || !window.fetch) { return; }
    var close = panel.querySelector(".close-passage");
    close.hidden = false;
    panel.querySelector(".copy-quotation").hidden = panel.querySelector(".passage-quotation").hidden;

    function controlOf(anchor) {
      return document.querySelector('a.para-link[data-anchor="' + CSS.escape(anchor) + '"]');
    }

    function open(anchor, style, address, moveFocus) {
      var url = new URL(panel.getAttribute("data-citation-url"), window.location.href);
      url.searchParams.set("at", anchor);
      url.searchParams.set("style", style);
      return fetch(url.toString(), { headers: { "Accept": "application/json" } })
        .then(function (response) {
          if (!response.ok) { throw new Error("HTTP " + response.status); }
          return response.json();
        })
        .then(function (data) {
          var paragraph = document.getElementById(anchor);
          document.querySelectorAll(".para.cited").forEach(function (other) { other.classList.remove("cited"); });
          document.querySelectorAll("a.para-link[aria-expanded]").forEach(function (other) {
            other.setAttribute("aria-expanded", "false");
          });
          fillPassage(panel, data);
          paragraph.parentNode.insertBefore(panel, paragraph.nextSibling);
          paragraph.classList.add("cited");
          var control = controlOf(anchor);
          if (control) { control.setAttribute("aria-expanded", "true"); }
          panel.hidden = false;
          if (window.history && history.replaceState) { history.replaceState(null, "", address); }
          if (moveFocus) {
            panel.focus({ preventScroll: true });
            panel.scrollIntoView({ block: "nearest" });
          }
        })
        .catch(function () { window.location.href = address; });
    }

    function hide() {
      var anchor = panel.getAttribute("data-at");
      panel.hidden = true;
      var control = anchor && controlOf(anchor);
      if (control) {
        control.setAttribute("aria-expanded", "false");
        control.focus();
      }
    }

    document.querySelectorAll("a.para-link[data-anchor]").forEach(function (link) {
      link.setAttribute("aria-controls", "passage-panel");
      if (!link.hasAttribute("aria-expanded")) { link.setAttribute("aria-expanded", "false"); }
      link.addEventListener("click", function (event) {
        event.preventDefault();
        var anchor = link.getAttribute("data-anchor");
        if (!panel.hidden && panel.getAttribute("data-at") === anchor) { hide(); return; }
        open(anchor, panel.getAttribute("data-style"), link.href, true);
      });
    });
    panel.querySelectorAll(".passage-styles a[data-style]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        open(panel.getAttribute("data-at"), link.getAttribute("data-style"), link.href, false);
      });
    });
    close.addEventListener("click", hide);
    panel.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { hide(); }
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
    passagePanel();
  });
}());
