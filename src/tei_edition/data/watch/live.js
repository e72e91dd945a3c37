/* `tei-edition serve --watch` adds this script to the pages it sends (never to the built files).
   It asks the server (same host, /__build) for news and reloads the page when the edition was
   rebuilt; the problems of a failed rebuild are shown in a banner, as text. */
(function () {
  "use strict";
  var script = document.currentScript;
  var pages = script ? script.getAttribute("data-pages") : null;
  var since = -1;

  function banner(status) {
    var old = document.getElementById("tei-edition-live");
    if (old) {
      old.parentNode.removeChild(old);
    }
    if (!status.problems.length) {
      return;
    }
    var box = document.createElement("div");
    box.id = "tei-edition-live";
    box.setAttribute("role", "alert");
    Object.assign(box.style, {
      position: "fixed", left: "0", right: "0", bottom: "0", zIndex: "2147483647", maxHeight: "40vh",
      overflow: "auto", padding: "0.75em 1em", background: "#fff3f3", color: "#6b0000",
      borderTop: "3px solid #a00000", font: "14px/1.4 monospace"
    });
    var head = document.createElement("strong");
    head.textContent = "The rebuild failed; this page shows the last build that succeeded.";
    box.appendChild(head);
    status.problems.forEach(function (line) {
      var row = document.createElement("div");
      row.textContent = line;
      box.appendChild(row);
    });
    document.body.appendChild(box);
  }

  function poll() {
    fetch("/__build?since=" + since, { cache: "no-store" })
      .then(function (response) {
        if (!response.ok) {  // a bad request, or too many pages waiting: ask again in a second
          throw new Error(response.status);
        }
        return response.json();
      })
      .then(function (status) {
        if (pages !== null && String(status.pages) !== pages) {
          window.location.reload();
          return;
        }
        since = status.version;
        banner(status);
        poll();
      })
      .catch(function () { window.setTimeout(poll, 1000); });
  }

  poll();
}());
