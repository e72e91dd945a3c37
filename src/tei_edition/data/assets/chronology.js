/* chronology.html: filter the rows by decade, by kind (dates of the text, events) and by a name
 * marked in their sentence (or named by the event).
 *
 * The page is complete without this script (the decade links above the table need none); the
 * script only shows the filter form, hides rows and empty years, and dims their timeline marks
 * (which then leave the Tab order).
 */
(function () {
  "use strict";

  var form = document.getElementById("chron-filter");
  if (!form) { return; }
  var decade = document.getElementById("chron-decade");
  var kind = document.getElementById("chron-kind");
  var entity = document.getElementById("chron-entity");
  var status = document.getElementById("chron-status");
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr.chron-row, tr.chron-event"));
  var years = Array.prototype.slice.call(document.querySelectorAll("section.chron-year"));
  var marks = {};
  Array.prototype.forEach.call(document.querySelectorAll(".timeline a.mark"), function (a) {
    marks[(a.getAttribute("href") || "").slice(1)] = a;
  });

  /* A dimmed mark links to a hidden row: out of the Tab order and the accessibility tree, and
   * not clickable, until its row is shown again. */
  function dim(mark, on) {
    mark.classList.toggle("dim", on);
    if (on) {
      mark.setAttribute("tabindex", "-1");
      mark.setAttribute("aria-hidden", "true");
    } else {
      mark.removeAttribute("tabindex");
      mark.removeAttribute("aria-hidden");
    }
  }

  function kindOf(row) {
    return row.getAttribute("data-kind") || "text";
  }

  function apply() {
    var d = decade.value;
    var k = kind ? kind.value : "";
    var e = entity.value;
    var shown = { text: 0, event: 0 };
    var total = { text: 0, event: 0 };
    rows.forEach(function (row) {
      var names = " " + (row.getAttribute("data-entities") || "") + " ";
      var ok = (!d || row.getAttribute("data-decade") === d) && (!k || kindOf(row) === k)
        && (!e || names.indexOf(" " + e + " ") >= 0);
      row.hidden = !ok;
      if (marks[row.id]) { dim(marks[row.id], !ok); }
      total[kindOf(row)] += 1;
      if (ok) { shown[kindOf(row)] += 1; }
    });
    years.forEach(function (year) {
      year.hidden = !year.querySelector("tr.chron-row:not([hidden]), tr.chron-event:not([hidden])");
    });
    var said = shown.text + " of " + total.text + " dates of the text";
    if (total.event) { said += " and " + shown.event + " of " + total.event + " events"; }
    status.textContent = (d || k || e) ? said + " shown." : "";
  }

  form.hidden = false;
  decade.addEventListener("change", apply);
  if (kind) { kind.addEventListener("change", apply); }
  entity.addEventListener("change", apply);
  form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
  form.addEventListener("submit", function (ev) { ev.preventDefault(); });
}());
