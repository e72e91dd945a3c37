/* chronology.html: filter the dates by decade and by a name marked in their sentence.
 *
 * The page is complete without this script (the decade links above the table need none); the
 * script only shows the filter form, hides rows and empty years, and dims their timeline marks.
 */
(function () {
  "use strict";

  var form = document.getElementById("chron-filter");
  if (!form) { return; }
  var decade = document.getElementById("chron-decade");
  var entity = document.getElementById("chron-entity");
  var status = document.getElementById("chron-status");
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr.chron-row"));
  var years = Array.prototype.slice.call(document.querySelectorAll("section.chron-year"));
  var marks = {};
  Array.prototype.forEach.call(document.querySelectorAll(".timeline a.mark"), function (a) {
    marks[(a.getAttribute("href") || "").slice(1)] = a;
  });

  function apply() {
    var d = decade.value;
    var e = entity.value;
    var shown = 0;
    rows.forEach(function (row) {
      var names = " " + (row.getAttribute("data-entities") || "") + " ";
      var ok = (!d || row.getAttribute("data-decade") === d) && (!e || names.indexOf(" " + e + " ") >= 0);
      row.hidden = !ok;
      if (marks[row.id]) { marks[row.id].classList.toggle("dim", !ok); }
      if (ok) { shown += 1; }
    });
    years.forEach(function (year) {
      year.hidden = !year.querySelector("tr.chron-row:not([hidden])");
    });
    status.textContent = (d || e) ? shown + " of " + rows.length + " dates shown." : "";
  }

  form.hidden = false;
  decade.addEventListener("change", apply);
  entity.addEventListener("change", apply);
  form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
  form.addEventListener("submit", function (ev) { ev.preventDefault(); });
}());
