/* ringkas catalogue: filters, offline search and the Indonesian/English switch.
   Plain JavaScript inlined into briefs/index.html and allowed by its hash in the page's CSP.
   It fetches nothing: the search index is the JSON in #catalogue-data. Without this script
   the filters stay hidden and every visit is listed. */
(function () {
  "use strict";

  var STORE = "ringkas.catalogue.lang";
  var data = JSON.parse(document.getElementById("catalogue-data").textContent);
  var visits = {};
  data.visits.forEach(function (visit) { visits[visit.id] = visit; });
  var cards = Array.prototype.slice.call(document.querySelectorAll("[data-visit]"));
  var search = document.getElementById("q");
  var filters = Array.prototype.slice.call(document.querySelectorAll("[data-filter]"));
  var count = document.getElementById("count");
  var noMatch = document.getElementById("no-match");
  var lang = document.documentElement.lang === "en" ? "en" : "id";

  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function fits(visit, words) {
    var chosen = filters.every(function (select) {
      var want = select.value;
      var name = select.getAttribute("data-filter");
      if (!want) { return true; }
      if (name === "theme") { return visit.themes.indexOf(want) >= 0; }
      return String(visit[name]) === want;
    });
    return chosen && words.every(function (word) { return visit.text.indexOf(word) >= 0; });
  }

  function apply() {
    var words = fold(search.value).split(/\s+/).filter(Boolean);
    var shown = 0;
    cards.forEach(function (card) {
      var visit = visits[card.getAttribute("data-visit")];
      var show = !visit || fits(visit, words);
      card.hidden = !show;
      shown += show ? 1 : 0;
    });
    count.textContent = data.text.count[lang]
      .replace("{shown}", String(shown)).replace("{total}", String(cards.length));
    noMatch.hidden = shown > 0 || cards.length === 0;
  }

  function each(selector, action) {
    Array.prototype.forEach.call(document.querySelectorAll(selector), action);
  }

  function setLang(next) {
    lang = next;
    document.documentElement.lang = next;
    document.title = data.text.title[next];
    each("[data-en]", function (element) { element.textContent = element.getAttribute("data-" + next); });
    ["placeholder", "title"].forEach(function (attribute) {
      each("[data-" + attribute + "-en]", function (element) {
        element.setAttribute(attribute, element.getAttribute("data-" + attribute + "-" + next));
      });
    });
    each("[data-set-lang]", function (button) {
      button.setAttribute("aria-pressed", String(button.getAttribute("data-set-lang") === next));
    });
    try { window.localStorage.setItem(STORE, next); } catch (ignored) { /* no storage: fine */ }
    apply();
  }

  search.addEventListener("input", apply);
  filters.forEach(function (select) { select.addEventListener("change", apply); });
  document.getElementById("reset").addEventListener("click", function () {
    search.value = "";
    filters.forEach(function (select) { select.value = ""; });
    apply();
  });
  each("[data-set-lang]", function (button) {
    button.addEventListener("click", function () { setLang(button.getAttribute("data-set-lang")); });
  });
  document.getElementById("filters").hidden = false;
  document.getElementById("lang-switch").hidden = false;

  var saved = null;
  try { saved = window.localStorage.getItem(STORE); } catch (ignored) { /* no storage */ }
  setLang(saved === "id" || saved === "en" ? saved : lang);
})();
