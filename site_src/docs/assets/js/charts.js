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
  function draw(holder, specUrl, format, renderer) {
    return Promise.all([loadRuntime(), fetch(specUrl).then(function (r) { return r.json(); })])
      .then(function (res) {
        return res[0](holder, res[1], {actions: false, formatLocale: format, renderer: renderer});
      });
  }
  function activate(figure) {
    var button = figure.querySelector(".cb-chart-interactive");
    if (!button) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      button.disabled = true;
      var holder = document.createElement("div");
      holder.className = "cb-chart-live";
      figure.insertBefore(holder, figure.firstChild);
      draw(holder, figure.getAttribute("data-spec"), numberFormat(figure), "svg")
        .then(function () {
          var still = figure.querySelector(".cb-chart-static") || figure.querySelector("img");
          if (still) still.hidden = true;
          button.hidden = true;
        })
        .catch(function () { holder.remove(); button.disabled = false; });
    });
  }
  function init() { document.querySelectorAll("figure.cb-chart").forEach(activate); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
