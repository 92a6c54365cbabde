// ringkas preview: follow the server's versions of this page without reloading it.
// The only script of a preview page (its CSP nonce); briefs themselves carry none.
(function () {
  "use strict";
  var page = document.body;
  var panel = document.getElementById("panel");
  var shown = page.dataset.version;
  var brief = page.dataset.brief;
  var busy = false;

  function frameUrl(frame) {
    var url = frame.id === "pdf" ? page.dataset.pdfUrl : page.dataset.briefUrl;
    return url + "&v=" + encodeURIComponent(brief);
  }

  function reloadFrame() {
    var frame = document.getElementById("brief") || document.getElementById("pdf");
    if (!frame) return;
    var scroll = 0;
    try { scroll = frame.contentWindow.scrollY; } catch (e) { scroll = 0; }
    frame.addEventListener("load", function restore() {
      frame.removeEventListener("load", restore);
      try { frame.contentWindow.scrollTo(0, scroll); } catch (e) { /* the PDF viewer */ }
    });
    frame.src = frameUrl(frame);
  }

  var latest = null;

  async function refresh() {
    if (busy) return;  // the loop below picks up the newest state when it is done
    busy = true;
    try {
      while (latest !== null) {
        var state = latest;
        latest = null;
        var response = await fetch(page.dataset.panel, {cache: "no-store"});
        if (response.ok) {
          // the server's own markup: every notebook text in it is escaped
          panel.innerHTML = await response.text();
        }
        var inPdf = !document.getElementById("brief");
        var current = inPdf ? state.pdf === state.brief : true;
        if (!state.busy && current && String(state.brief) !== brief) {
          brief = String(state.brief);
          page.dataset.brief = brief;
          reloadFrame();
        }
        shown = String(state.version);
        page.dataset.version = shown;
      }
    } finally {
      busy = false;
    }
  }

  var source = new EventSource(page.dataset.events);
  source.onmessage = function (event) {
    var state = JSON.parse(event.data);
    if (String(state.version) !== shown) {
      latest = state;
      refresh();
    }
  };
})();
