/* Full-text search over search-index.js (window.TEI_SEARCH, built at build time).
 * Every word of the query must occur in a paragraph; a query word also matches words that
 * begin with it. Case and diacritics are ignored (the same folding as site_search.py).
 * Results are built with textContent only. */
(function () {
  "use strict";

  var INDEX = window.TEI_SEARCH || { docs: [], terms: {} };
  var TERMS = Object.keys(INDEX.terms).sort();
  var WORD = /[\p{L}\p{N}]+/gu;
  var MAX_RESULTS = 200;

  function fold(s) {
    return s.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
  }

  function words(s) {
    return fold(s).match(WORD) || [];
  }

  /* Indices of documents holding a word that starts with `w` (TERMS is sorted). */
  function docsFor(w) {
    var lo = 0, hi = TERMS.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (TERMS[mid] < w) { lo = mid + 1; } else { hi = mid; }
    }
    var found = new Set();
    for (var i = lo; i < TERMS.length && TERMS[i].lastIndexOf(w, 0) === 0; i++) {
      INDEX.terms[TERMS[i]].forEach(function (d) { found.add(d); });
    }
    return found;
  }

  function search(query) {
    var ws = words(query);
    if (!ws.length) { return { words: ws, hits: [] }; }
    var result = null;
    ws.forEach(function (w) {
      var set = docsFor(w);
      result = result === null ? set : new Set(Array.from(result).filter(function (d) { return set.has(d); }));
    });
    var hits = Array.from(result).sort(function (a, b) { return a - b; });
    return { words: ws, hits: hits };
  }

  /* Folded text with a map from each folded character back to the original offset. */
  function foldMap(text) {
    var folded = "", map = [];
    for (var i = 0; i < text.length; i++) {
      var f = fold(text[i]);
      for (var k = 0; k < f.length; k++) { folded += f[k]; map.push(i); }
    }
    map.push(text.length);
    return { folded: folded, map: map };
  }

  /* Ranges [start, end) of the original text where a query word begins a word. */
  function matches(text, ws) {
    var fm = foldMap(text), ranges = [];
    ws.forEach(function (w) {
      var re = new RegExp("(^|[^\\p{L}\\p{N}])(" + w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + ")", "gu");
      var m;
      while ((m = re.exec(fm.folded)) !== null) {
        var s = m.index + m[1].length;
        ranges.push([fm.map[s], fm.map[s + m[2].length]]);
        if (m[0].length === 0) { re.lastIndex++; }
      }
    });
    ranges.sort(function (a, b) { return a[0] - b[0]; });
    return ranges;
  }

  /* The closers of the embeddings and isolates `s` leaves open (paired as UAX #9 pairs them):
   * a snippet cut inside a balanced pair of the paragraph would otherwise carry the pair's
   * direction on to the ellipsis after it. */
  function closers(s) {
    var open = [];
    for (var i = 0; i < s.length; i++) {
      var c = s[i];
      if ("\u202a\u202b\u202d\u202e".indexOf(c) >= 0) { open.push("\u202c"); }
      else if ("\u2066\u2067\u2068".indexOf(c) >= 0) { open.push("\u2069"); }
      else if (c === "\u2069" && open.indexOf("\u2069") >= 0) { open.length = open.lastIndexOf("\u2069"); }
      else if (c === "\u202c" && open[open.length - 1] === "\u202c") { open.pop(); }
    }
    return open.reverse().join("");
  }

  function snippet(text, ranges) {
    var first = ranges.length ? ranges[0][0] : 0;
    var start = Math.max(0, first - 90), end = Math.min(text.length, first + 210);
    var frag = document.createDocumentFragment();
    if (start > 0) { frag.appendChild(document.createTextNode("… ")); }
    var pos = start;
    ranges.forEach(function (r) {
      if (r[0] < pos || r[1] > end) { return; }
      frag.appendChild(document.createTextNode(text.slice(pos, r[0])));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(r[0], r[1]);
      frag.appendChild(mark);
      pos = r[1];
    });
    frag.appendChild(document.createTextNode(text.slice(pos, end) + closers(text.slice(start, end))));
    if (end < text.length) { frag.appendChild(document.createTextNode(" …")); }
    return frag;
  }

  function render(query) {
    var status = document.getElementById("search-status");
    var list = document.getElementById("search-results");
    list.textContent = "";
    if (!query.trim()) { status.textContent = "Type words to search the text."; return; }
    var r = search(query);
    // only punctuation, or bytes that decoded to U+FFFD: there is nothing to look for
    if (!r.words.length) { status.textContent = "The query holds no word to search for: type letters or digits."; return; }
    var n = r.hits.length;
    status.textContent = n === 0 ? "No paragraph contains all of: " + r.words.join(" ") + "."
      : n + (n === 1 ? " paragraph contains " : " paragraphs contain ") + "all of: " + r.words.join(" ") + ".";
    r.hits.slice(0, MAX_RESULTS).forEach(function (i) {
      var d = INDEX.docs[i];
      var li = document.createElement("li");
      var where = document.createElement("p");
      where.className = "hit-where";
      var a = document.createElement("a");
      a.href = "index.html#" + d.id;
      a.textContent = "Paragraph " + d.n;
      where.appendChild(a);
      if (d.s) { where.appendChild(document.createTextNode(" · " + d.s)); }
      var text = document.createElement("p");
      text.className = "hit-text";
      text.appendChild(snippet(d.t, matches(d.t, r.words)));
      li.appendChild(where);
      li.appendChild(text);
      list.appendChild(li);
    });
  }

  var input = document.getElementById("q");
  var params = new URLSearchParams(window.location.search);
  var q = params.get("q") || "";
  input.value = q;
  var top = document.getElementById("q_top");
  if (top) { top.value = q; }
  render(q);
  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { render(input.value); }, 150);
  });
  input.form.addEventListener("submit", function (e) {
    e.preventDefault();
    var url = new URL(window.location.href);
    url.searchParams.set("q", input.value);
    try { window.history.replaceState(null, "", url.href); } catch (err) { /* file:// may refuse */ }
    render(input.value);
  });
})();
