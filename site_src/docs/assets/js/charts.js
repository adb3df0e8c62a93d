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

/* "Chart (PNG)": the browser draws the static SVG on a canvas (with its own fonts, so
   Vietnamese text renders) and saves it as PNG. Without JavaScript the link gives the SVG. */
(function () {
  function toPng(link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      var img = new Image();
      img.onload = function () {
        var scale = 2, canvas = document.createElement("canvas");
        canvas.width = img.naturalWidth * scale;
        canvas.height = img.naturalHeight * scale;
        var ctx = canvas.getContext("2d");
        ctx.fillStyle = "#fff";
        ctx.fillRect(0, 0, canvas.width, canvas.height);
        ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
        canvas.toBlob(function (blob) {
          var a = document.createElement("a");
          a.href = URL.createObjectURL(blob);
          a.download = link.getAttribute("data-filename");
          document.body.appendChild(a);
          a.click();
          setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
        }, "image/png");
      };
      img.src = link.href;
    });
  }
  function init() { document.querySelectorAll("a.cb-png").forEach(toPng); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
