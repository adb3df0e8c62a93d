/* Charts paint first as static SVG images. The Vega runtime (vendored, ~300 KB gzip)
   is fetched only when a reader asks for the interactive chart. No external requests. */
(function () {
  var runtime = null;
  var LOCALES = {
    vi: {decimal: ",", thousands: ".", grouping: [3], currency: ["", " ₫"]},
    en: {decimal: ".", thousands: ",", grouping: [3], currency: ["$", ""]}
  };
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
  function activate(figure) {
    var button = figure.querySelector(".cb-chart-interactive");
    if (!button) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      button.disabled = true;
      Promise.all([loadRuntime(), fetch(figure.getAttribute("data-spec")).then(function (r) { return r.json(); })])
        .then(function (res) {
          var holder = document.createElement("div");
          holder.className = "cb-chart-live";
          figure.insertBefore(holder, figure.firstChild);
          var locale = LOCALES[figure.getAttribute("data-locale")] || LOCALES.vi;
          return res[0](holder, res[1], {actions: false, formatLocale: locale, renderer: "svg"}).then(function () {
            var img = figure.querySelector("img");
            if (img) img.hidden = true;
            button.hidden = true;
          });
        })
        .catch(function () { button.disabled = false; });
    });
  }
  function init() { document.querySelectorAll("figure.cb-chart").forEach(activate); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
