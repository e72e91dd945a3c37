/* The reading edition's enhancements; the pages are complete without them.
 *
 * - Cards: hovering or focusing a name, an event, a glossary term, a citation or a corrected
 *   reading (its sign °) shows a small card (data from cards.js, window.TEI_CARDS). Escape
 *   closes it; the pointer may move onto it.
 * - Cite: each paragraph's "Cite" control gains a copy button and, when citations.js
 *   (window.TEI_CITATIONS) is present, a choice of citation styles; Escape closes it.
 * - Highlight: checkboxes above the reading text that highlight persons, places … (names are
 *   quiet by default); the choice is remembered.
 *
 * Text from the edition is only ever set with textContent, never parsed as HTML.
 */
(function () {
  "use strict";

  var CARDS = window.TEI_CARDS || {};
  var KIND_LABEL = { person: "Person", place: "Place", organisation: "Organisation", event: "Event",
                     term: "Glossary", work: "Bibliography", source: "Work consulted" };
  var card = null;
  var owner = null;
  var hideTimer = null;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text) { e.textContent = text; }
    return e;
  }

  function cardTarget(node) {
    return node && node.closest ? node.closest("[data-card], .corr") : null;
  }

  function ensureCard() {
    if (!card) {
      card = el("div", "card");
      card.id = "tei_card";
      card.setAttribute("role", "tooltip");
      card.hidden = true;
      card.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
      card.addEventListener("mouseleave", scheduleHide);
      document.body.appendChild(card);
    }
    return card;
  }

  function fill(target) {
    var c = ensureCard();
    c.textContent = "";
    if (target.classList.contains("corr")) {
      var kind = target.getAttribute("data-kind");
      c.appendChild(el("p", "card-kind", "Editorial correction" + (kind ? " · " + kind : "")));
      c.appendChild(el("p", "card-about", "The source reads “" + (target.getAttribute("data-sic") || "") + "”."));
      return true;
    }
    var data = CARDS[target.getAttribute("data-card")];
    if (!data) { return false; }
    c.appendChild(el("p", "card-kind", KIND_LABEL[data.kind] || data.kind));
    var name = el("p", "card-name", data.name);
    if (data.lang) { name.lang = data.lang; }  // a name in another language (its TEI's xml:lang)
    c.appendChild(name);
    if (data.dates) { c.appendChild(el("p", "card-dates", data.dates)); }
    if (data.about) { c.appendChild(el("p", "card-about", data.about)); }
    return true;
  }

  function show(target) {
    clearTimeout(hideTimer);
    if (owner === target && card && !card.hidden) { return; }
    hide();
    if (!fill(target)) { return; }
    owner = target;
    target.setAttribute("aria-describedby", "tei_card");
    card.hidden = false;
    var r = target.getBoundingClientRect();
    var width = document.documentElement.clientWidth;
    var left = Math.max(8, Math.min(r.left, width - card.offsetWidth - 8));
    card.style.left = (window.scrollX + left) + "px";
    card.style.top = (window.scrollY + r.bottom + 6) + "px";
  }

  function hide() {
    clearTimeout(hideTimer);
    if (owner) { owner.removeAttribute("aria-describedby"); }
    owner = null;
    if (card) { card.hidden = true; }
  }

  function scheduleHide() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, 250);
  }

  function initCards() {
    // The title attribute is the no-script fallback for corrections; the card replaces it.
    document.querySelectorAll(".corr[title]").forEach(function (c) { c.removeAttribute("title"); });
    document.addEventListener("mouseover", function (e) {
      var t = cardTarget(e.target);
      if (t) { show(t); }
    });
    document.addEventListener("mouseout", function (e) {
      var t = cardTarget(e.target);
      if (t && t === owner && !t.contains(e.relatedTarget)) { scheduleHide(); }
    });
    document.addEventListener("focusin", function (e) {
      var t = cardTarget(e.target);
      if (t) { show(t); } else { hide(); }
    });
    document.addEventListener("focusout", function (e) {
      if (cardTarget(e.target) === owner) { hide(); }
    });
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && owner) { hide(); }
    });
  }

  /* Cite */

  function copyText(text, status) {
    function done(ok) { status.textContent = ok ? "Copied." : "Select the text and copy it."; }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { done(true); }, function () { done(fallbackCopy(text)); });
    } else {
      done(fallbackCopy(text));
    }
  }

  function fallbackCopy(text) {
    var area = el("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (err) { ok = false; }
    document.body.removeChild(area);
    return ok;
  }

  /* The citation of paragraph `id` (number `n`, permanent link `url`) in choice `key`. */
  function styledCitation(data, key, id, n, url) {
    var texts = data.texts && data.texts[key];
    if (texts && texts[id]) { return texts[id]; }
    var t = data.templates && data.templates[key];
    return t ? t.split("%URL%").join(url).split("%ID%").join(id).split("%N%").join(n) : "";
  }

  function enhanceCite(details) {
    if (details.getAttribute("data-enhanced")) { return; }
    details.setAttribute("data-enhanced", "yes");
    var panel = details.querySelector(".cite-panel");
    var citation = panel.querySelector(".citation");
    var permalink = citation.querySelector(".permalink");
    var url = permalink ? permalink.getAttribute("href") : "";
    var n = details.getAttribute("data-n");
    var id = details.getAttribute("data-pid");
    var tools = el("div", "cite-tools");
    var data = window.TEI_CITATIONS;
    if (data && data.choices && data.choices.length) {
      var label = el("label", null, "Style ");
      var select = el("select");
      select.id = "cite_style_" + id;
      label.htmlFor = select.id;
      data.choices.forEach(function (c) {
        var o = el("option", null, c.label);
        o.value = c.key;
        o.selected = c.key === citation.getAttribute("data-style");
        select.appendChild(o);
      });
      select.addEventListener("change", function () {
        var choice = data.choices.filter(function (c) { return c.key === select.value; })[0];
        var text = styledCitation(data, choice.key, id, n, url);
        if (!text) { return; }
        citation.textContent = text;
        citation.setAttribute("data-style", choice.key);
        citation.classList.toggle("citation-code", !!choice.code);
      });
      tools.appendChild(label);
      tools.appendChild(select);
    }
    var button = el("button", "cite-copy", "Copy citation");
    button.type = "button";
    var status = el("span", "cite-status");
    status.setAttribute("role", "status");
    button.addEventListener("click", function () {
      copyText(citation.textContent.replace(/\s+$/, ""), status);
    });
    tools.appendChild(button);
    tools.appendChild(status);
    panel.appendChild(tools);
  }

  /* Escape closes an open panel from anywhere inside it and gives the focus back to its
   * "Cite" (a <details> does not close on Escape by itself). */
  function initCite() {
    document.querySelectorAll("details.cite").forEach(function (d) {
      d.addEventListener("toggle", function () { if (d.open) { enhanceCite(d); } });
      d.addEventListener("keydown", function (e) {
        if (e.key !== "Escape" || !d.open) { return; }
        d.open = false;
        d.querySelector("summary").focus();
      });
    });
  }

  /* Highlight: one checkbox per kind of name in the reading text (persons, places,
   * organisations, events …: the kinds come from the page's `a.name-{kind}` links). A checked
   * kind sets the class hl-{kind} on <html>; the choice is remembered in localStorage where
   * the browser allows it (some refuse it for file:// pages). */

  var HL_KEY = "tei-edition.highlight";
  var HL_LABEL = { person: "persons", place: "places", organisation: "organisations", event: "events",
                   term: "glossary terms" };

  function storedKinds() {
    try {
      var v = JSON.parse(window.localStorage.getItem(HL_KEY) || "[]");
      return Array.isArray(v) ? v : [];
    } catch (err) { return []; }
  }

  function storeKinds(kinds) {
    try { window.localStorage.setItem(HL_KEY, JSON.stringify(kinds)); } catch (err) { /* not kept */ }
  }

  function pageKinds(text) {
    var kinds = [];
    text.querySelectorAll("a.name").forEach(function (a) {
      a.classList.forEach(function (c) {
        var k = c.indexOf("name-") === 0 ? c.slice(5) : "";
        if (k && /^[a-z][a-z-]*$/.test(k) && kinds.indexOf(k) < 0) { kinds.push(k); }
      });
    });
    var order = Object.keys(HL_LABEL);
    return kinds.sort(function (a, b) {
      var ia = order.indexOf(a), ib = order.indexOf(b);
      return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || (a < b ? -1 : a > b ? 1 : 0);
    });
  }

  function initHighlight() {
    var text = document.querySelector(".reading-text");
    if (!text) { return; }
    var kinds = pageKinds(text);
    if (!kinds.length) { return; }
    var root = document.documentElement;
    var chosen = storedKinds();
    var box = el("fieldset", "highlight");
    box.id = "highlight_box";
    box.appendChild(el("legend", null, "Highlight names:"));
    var status = el("p", "visually-hidden");
    status.setAttribute("role", "status");
    function announce() {
      var on = kinds.filter(function (k) { return root.classList.contains("hl-" + k); });
      status.textContent = on.length ? "Highlighted: " + on.map(function (k) { return HL_LABEL[k] || k; }).join(", ") + "."
                                     : "No names highlighted.";
    }
    kinds.forEach(function (kind) {
      var label = el("label");
      var input = el("input");
      input.type = "checkbox";
      input.value = kind;
      input.checked = chosen.indexOf(kind) >= 0;
      root.classList.toggle("hl-" + kind, input.checked);
      input.addEventListener("change", function () {
        root.classList.toggle("hl-" + kind, input.checked);
        var now = storedKinds().filter(function (k) { return k !== kind; });
        if (input.checked) { now.push(kind); }
        storeKinds(now);
        announce();
      });
      label.appendChild(input);
      label.appendChild(el("span", "swatch swatch-" + kind, HL_LABEL[kind] || kind));
      box.appendChild(label);
    });
    box.appendChild(status);
    text.parentNode.insertBefore(box, text);
  }

  initCards();
  initCite();
  initHighlight();
})();
