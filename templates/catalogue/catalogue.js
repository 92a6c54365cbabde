/* ringkas catalogue: filters, offline search and the Indonesian/English switch.
   Plain JavaScript inlined into briefs/index.html and allowed by its hash in the page's CSP.
   It fetches nothing: every visit's facts are the JSON in #catalogue-data. The page holds the
   cards of the newest visits only; the script lists the visits that match, a batch at a time
   ("show more"), building the cards of older ones from those facts with DOM calls (never
   innerHTML: a title stays text). Without this script the filters stay hidden, the page's own
   cards are listed and a pager links the pages that hold the older visits. */
(function () {
  "use strict";

  var STORE = "ringkas.catalogue.lang";
  var data = JSON.parse(document.getElementById("catalogue-data").textContent);
  var built = {};  // visit id -> its card element, the page's own or one made here
  Array.prototype.forEach.call(document.querySelectorAll("[data-visit]"), function (card) {
    built[card.getAttribute("data-visit")] = card;
  });
  var list = document.querySelector(".cards");
  var more = document.getElementById("more");
  var limit = data.batch;
  var search = document.getElementById("q");
  var filters = Array.prototype.slice.call(document.querySelectorAll("[data-filter]"));
  var count = document.getElementById("count");
  var noMatch = document.getElementById("no-match");
  var lang = document.documentElement.lang === "en" ? "en" : "id";

  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function labelOf(kind, key) {
    return (data.labels[kind] || {})[key] || [key, key];
  }

  function searchText(visit) {  // made once, on the first search
    if (visit.text === undefined) {
      var parts = [visit.title, visit.host, visit.date, visit.summary].concat(
        visit.day, visit.kind, labelOf("status", visit.status), visit.innovations);
      visit.themes.forEach(function (theme) { parts = parts.concat(labelOf("theme", theme)); });
      visit.text = fold(parts.join(" "));
    }
    return visit.text;
  }

  function fits(visit, words) {
    var chosen = filters.every(function (select) {
      var want = select.value;
      var name = select.getAttribute("data-filter");
      if (!want) { return true; }
      if (name === "theme") { return visit.themes.indexOf(want) >= 0; }
      return String(visit[name]) === want;
    });
    return chosen && (!words.length || words.every(function (word) {
      return searchText(visit).indexOf(word) >= 0;
    }));
  }

  // --- cards of older visits, as templates/catalogue/index.html.j2 writes them ---------------

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function say(pair) {  // a label in both languages, shown in the current one
    var node = element("span", "", lang === "en" ? pair[1] : pair[0]);
    node.setAttribute("data-id", pair[0]);
    node.setAttribute("data-en", pair[1]);
    return node;
  }

  function paragraph(className, children) {
    var node = element("p", className);
    children.forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function briefRow(visit, row) {
    var item = element("li"), language = labelOf("language", row[1]);
    if (row[0]) {
      var name = element("span", "brief-name");
      name.appendChild(say(labelOf("audience", row[0])));
      item.appendChild(name);
      item.appendChild(document.createTextNode(" "));
    }
    var code = element("abbr", "lang-code", row[1].toUpperCase());
    code.setAttribute("data-title-id", language[0]);
    code.setAttribute("data-title-en", language[1]);
    code.title = lang === "en" ? language[1] : language[0];
    item.appendChild(code);
    item.appendChild(document.createTextNode(" "));
    var links = element("span", "links");
    row[2].forEach(function (format) {
      var link = element("a", "fmt fmt-" + format, format.toUpperCase());
      link.href = visit.id + "/" + visit.id + "." + row[0] + "." + row[1] + "." + format;
      link.hreflang = row[1];
      links.appendChild(link);
    });
    item.appendChild(links);
    return item;
  }

  function makeCard(visit) {
    var card = element("article", "card status-" + visit.status);
    card.id = "visit-" + visit.id;
    card.setAttribute("data-visit", visit.id);
    var time = element("time");
    time.setAttribute("datetime", visit.date);
    time.appendChild(say(visit.day));
    card.appendChild(paragraph("meta", [time, " · ", say(visit.kind)]));
    card.appendChild(element("h3", "", visit.title));
    card.appendChild(element("p", "host", visit.host));
    var chips = element("p", "chips"), status = element("span", "chip status-chip");
    status.appendChild(say(labelOf("status", visit.status)));
    chips.appendChild(status);
    visit.themes.forEach(function (theme) {
      var chip = element("span", "chip theme");
      chip.appendChild(say(labelOf("theme", theme)));
      chips.appendChild(document.createTextNode(" "));
      chips.appendChild(chip);
    });
    card.appendChild(chips);
    if (visit.summary) { card.appendChild(element("p", "summary", visit.summary)); }
    if (visit.innovations.length) {
      var strong = element("strong");
      strong.appendChild(say([data.text.innovations.id, data.text.innovations.en]));
      strong.appendChild(document.createTextNode(":"));
      card.appendChild(paragraph("innovations", [strong, " " + visit.innovations.join(" · ")]));
    }
    if (visit.total) {
      var bar = element("progress");
      bar.value = visit.done;
      bar.max = visit.total;
      card.appendChild(paragraph("followup", [bar, " ", say(visit.followup)]));
    }
    var briefs = element("ul", "briefs");
    visit.briefs.forEach(function (row) { briefs.appendChild(briefRow(visit, row)); });
    card.appendChild(briefs);
    return card;
  }

  function cardOf(visit) {
    if (!built[visit.id]) { built[visit.id] = makeCard(visit); }
    return built[visit.id];
  }

  function apply() {
    var words = fold(search.value).split(/\s+/).filter(Boolean);
    var matches = data.visits.filter(function (visit) { return fits(visit, words); });
    var shown = document.createDocumentFragment();
    matches.slice(0, limit).forEach(function (visit) { shown.appendChild(cardOf(visit)); });
    list.textContent = "";
    list.appendChild(shown);
    count.textContent = data.text.count[lang]
      .replace("{shown}", String(matches.length)).replace("{total}", String(data.visits.length));
    noMatch.hidden = matches.length > 0 || data.visits.length === 0;
    more.hidden = matches.length <= limit;
    more.textContent = data.text.more[lang].replace("{count}", String(matches.length - limit));
  }

  function fresh() {  // a new search or filter starts again from the first batch
    limit = data.batch;
    apply();
  }

  function each(selector, action) {
    Array.prototype.forEach.call(document.querySelectorAll(selector), action);
  }

  function relabel(root, next) {
    function all(selector, action) {
      Array.prototype.forEach.call(root.querySelectorAll(selector), action);
    }
    all("[data-en]", function (node) { node.textContent = node.getAttribute("data-" + next); });
    ["placeholder", "title"].forEach(function (attribute) {
      all("[data-" + attribute + "-en]", function (node) {
        node.setAttribute(attribute, node.getAttribute("data-" + attribute + "-" + next));
      });
    });
  }

  function setLang(next) {
    lang = next;
    document.documentElement.lang = next;
    document.title = data.text.title[next];
    relabel(document, next);
    Object.keys(built).forEach(function (id) {  // cards not on the page now
      if (!built[id].isConnected) { relabel(built[id], next); }
    });
    each("[data-set-lang]", function (button) {
      button.setAttribute("aria-pressed", String(button.getAttribute("data-set-lang") === next));
    });
    try { window.localStorage.setItem(STORE, next); } catch (ignored) { /* no storage: fine */ }
    apply();
  }

  search.addEventListener("input", fresh);
  filters.forEach(function (select) { select.addEventListener("change", fresh); });
  document.getElementById("reset").addEventListener("click", function () {
    search.value = "";
    filters.forEach(function (select) { select.value = ""; });
    fresh();
  });
  more.addEventListener("click", function () {
    limit += data.batch;
    apply();
  });
  each("[data-set-lang]", function (button) {
    button.addEventListener("click", function () { setLang(button.getAttribute("data-set-lang")); });
  });
  document.getElementById("filters").hidden = false;
  var pager = document.getElementById("pager");
  if (pager) { pager.hidden = true; }  // every visit is reachable here
  document.getElementById("lang-switch").hidden = false;

  var saved = null;
  try { saved = window.localStorage.getItem(STORE); } catch (ignored) { /* no storage */ }
  setLang(saved === "id" || saved === "en" ? saved : lang);
})();
