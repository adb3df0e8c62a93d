/* Charts paint first as static SVG images. The Vega runtime (vendored, ~300 KB gzip)
   is fetched only when a reader asks for the interactive chart. No external requests. */
(function () {
  var runtime = null;
  function scriptBase() {
    var s = document.querySelector('script[src$="assets/js/charts.js"]');
    return s ? s.src.replace(/assets\/js\/charts\.js.*$/, "") : "";
  }
  function loadRuntime() {
    if (!runtime) {
      runtime = new Promise(function (resolve, reject) {
        var el = document.createElement("script");
        el.src = scriptBase() + "assets/vendor/vega-bundle.js";
        el.onload = function () { resolve(window.vegaEmbed); };
        el.onerror = reject;
        document.head.appendChild(el);
      });
    }
    return runtime;
  }
  /* The page's number format (site.yml, written on the element by the build). */
  function numberFormat(el) {
    try { return JSON.parse(el.getAttribute("data-number-format")); } catch (e) { return undefined; }
  }
  /* Options that keep the runtime within the site's Content-Security-Policy (no eval, no
     inline style): `ast` evaluates Vega expressions with the bundled interpreter instead of
     compiling them with Function(); vega-embed and vega-tooltip would insert <style>
     elements, so their styles live in cbod.css instead. */
  var CSP_SAFE = {ast: true, defaultStyle: false, tooltip: {disableDefaultStyle: true}};
  function draw(holder, specUrl, format, renderer) {
    return Promise.all([loadRuntime(), fetch(specUrl).then(function (r) { return r.json(); })])
      .then(function (res) {
        return res[0](holder, res[1], Object.assign({actions: false, formatLocale: format, renderer: renderer}, CSP_SAFE));
      });
  }
  /* "Open the interactive chart" (with a note that it takes the image's place) swaps the static
     image for the live chart; "Close the interactive chart" removes it and shows the image again.
     Focus moves to the button that is shown. */
  function activate(figure) {
    var open = figure.querySelector(".cb-chart-interactive");
    if (!open) return;
    var note = figure.querySelector(".cb-chart-note");
    var close = figure.querySelector(".cb-chart-close");
    var still = figure.querySelector(".cb-chart-static") || figure.querySelector("img");
    var holder = null, live = null;
    function showOpen(shown) {
      open.hidden = !shown;
      if (note) note.hidden = !shown;
      if (close) close.hidden = shown;
    }
    showOpen(true);
    open.addEventListener("click", function () {
      open.disabled = true;
      holder = document.createElement("div");
      holder.className = "cb-chart-live";
      figure.insertBefore(holder, figure.firstChild);
      draw(holder, figure.getAttribute("data-spec"), numberFormat(figure), "svg")
        .then(function (result) {
          live = result;
          if (still) still.hidden = true;
          open.disabled = false;
          if (close) { showOpen(false); close.focus(); } else { open.hidden = true; if (note) note.hidden = true; }
        })
        .catch(function () { holder.remove(); holder = null; open.disabled = false; });
    });
    if (close) close.addEventListener("click", function () {
      if (live) { live.finalize(); live = null; }
      if (holder) { holder.remove(); holder = null; }
      if (still) still.hidden = false;
      showOpen(true);
      open.focus();
    });
  }
  function init() { document.querySelectorAll("figure.cb-chart").forEach(activate); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
