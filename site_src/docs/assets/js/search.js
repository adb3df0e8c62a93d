/* Site search with Pagefind (index built at build time, one per language, no external request).
   Pagefind folds Vietnamese tone marks but not "đ" (U+0111 has no decomposition), so a word
   typed with "d" is also searched with "đ" in each position: "dau" finds "Đầu". Excerpts are
   Pagefind's own, from the real page text; only text and <mark> are copied into the page.
   An indicator's result also shows its latest value and period (the page's Pagefind metadata
   "latest" and "period"). The count follows the page language's plural rules (Intl.PluralRules;
   the forms come from the strings file, as JSON in data-count). */
(function () {
  var app = document.getElementById("cb-search-app");
  if (!app) return;
  var input = document.getElementById("cb-search-page-input");
  var status = document.getElementById("cb-search-status");
  var list = document.getElementById("cb-search-results");
  var bundle = new URL(app.getAttribute("data-bundle"), location.href);
  var siteRoot = new URL(app.getAttribute("data-site"), location.href).pathname;
  var MAX_D = 3, MAX_QUERIES = 16, MAX_RESULTS = 30;
  var countForms = JSON.parse(app.getAttribute("data-count"));
  var plurals = new Intl.PluralRules(document.documentElement.lang);

  function countText(n) {
    var form = countForms[plurals.select(n)] || countForms.other;
    return form.replace("{n}", n.toLocaleString(document.documentElement.lang));
  }

  function wordVariants(word) {
    var positions = [];
    for (var i = 0; i < word.length && positions.length < MAX_D; i++) {
      if (word[i] === "d" || word[i] === "D") positions.push(i);
    }
    var out = [];
    for (var mask = 0; mask < (1 << positions.length); mask++) {
      var chars = word.split("");
      positions.forEach(function (p, k) { if (mask & (1 << k)) chars[p] = chars[p] === "D" ? "Đ" : "đ"; });
      out.push(chars.join(""));
    }
    return out;
  }

  function queryVariants(query) {
    var words = query.trim().split(/\s+/).filter(Boolean);
    var combos = [[]];
    words.forEach(function (w) {
      var next = [];
      wordVariants(w).forEach(function (v) {
        combos.forEach(function (c) { if (next.length < MAX_QUERIES) next.push(c.concat([v])); });
      });
      combos = next;
    });
    return combos.map(function (c) { return c.join(" "); });
  }

  function safeExcerpt(html) {
    var doc = new DOMParser().parseFromString("<p>" + html + "</p>", "text/html");
    var frag = document.createDocumentFragment();
    doc.body.firstChild.childNodes.forEach(function (node) {
      if (node.nodeType === 3) frag.appendChild(document.createTextNode(node.textContent));
      else if (node.nodeName === "MARK") {
        var m = document.createElement("mark");
        m.textContent = node.textContent;
        frag.appendChild(m);
      } else frag.appendChild(document.createTextNode(node.textContent || ""));
    });
    return frag;
  }

  var pagefindPromise = null;
  function loadPagefind() {
    if (!pagefindPromise) {
      pagefindPromise = import(new URL("pagefind.js", bundle).href).then(function (pf) {
        return pf.options({baseUrl: siteRoot}).then(function () { return pf; });
      });
    }
    return pagefindPromise;
  }

  function run(query) {
    list.textContent = "";
    if (!query.trim()) { status.textContent = ""; return; }
    loadPagefind().then(function (pf) {
      return Promise.all(queryVariants(query).map(function (q) { return pf.search(q); }));
    }).then(function (searches) {
      var best = new Map();
      searches.forEach(function (s) {
        (s && s.results || []).forEach(function (r) {
          var seen = best.get(r.id);
          if (!seen || r.score > seen.score) best.set(r.id, r);
        });
      });
      var ranked = Array.from(best.values()).sort(function (a, b) { return b.score - a.score; }).slice(0, MAX_RESULTS);
      return Promise.all(ranked.map(function (r) { return r.data(); }));
    }).then(function (items) {
      status.textContent = items.length ? countText(items.length) : app.getAttribute("data-none");
      items.forEach(function (item) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = item.url;
        a.textContent = (item.meta && item.meta.title) || item.url;
        var p = document.createElement("p");
        p.className = "cb-search-excerpt";
        p.appendChild(safeExcerpt(item.excerpt || ""));
        li.appendChild(a);
        if (item.meta && item.meta.latest) {
          var latest = document.createElement("p");
          latest.className = "cb-search-latest";
          var label = document.createElement("span");
          label.textContent = app.getAttribute("data-latest") + " ";
          var value = document.createElement("strong");
          value.textContent = item.meta.latest;
          latest.appendChild(label);
          latest.appendChild(value);
          // a period may carry its own words in brackets ("2021–2025 (total for the period)")
          if (item.meta.period) latest.appendChild(document.createTextNode(", " + item.meta.period));
          li.appendChild(latest);
        }
        li.appendChild(p);
        list.appendChild(li);
      });
    }).catch(function () { status.textContent = app.getAttribute("data-error"); });
  }

  var params = new URLSearchParams(location.search);
  var q = params.get("q") || "";
  input.value = q;
  var header = document.getElementById("cb-search-input");
  if (header) header.value = q;
  run(q);
  input.form.addEventListener("submit", function (e) {
    e.preventDefault();
    var url = new URL(location.href);
    url.searchParams.set("q", input.value);
    history.replaceState(null, "", url);
    run(input.value);
  });
})();
