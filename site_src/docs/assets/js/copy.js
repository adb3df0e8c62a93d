/* "Copy" buttons next to citations. Without JavaScript the buttons stay hidden and the text
   can be selected by hand. A click copies the text of the element the button names
   (data-copy) and says so in the page's status region (role="status"), in the page's
   language (data-copied / data-failed, written by the build). */
(function () {
  var status = null;
  function announce(key) {
    if (!status) return;
    var text = status.getAttribute(key) || "";
    status.textContent = "";
    /* a new text node, even with the same words, is announced again */
    window.setTimeout(function () { status.textContent = text; }, 50);
  }
  function fallback(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    area.remove();
    return ok ? Promise.resolve() : Promise.reject(new Error("copy"));
  }
  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return fallback(text); });
    }
    return fallback(text);
  }
  function activate(button) {
    var source = document.getElementById(button.getAttribute("data-copy"));
    if (!source) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      copy(source.textContent.trim())
        .then(function () { button.classList.add("cb-copied"); announce("data-copied"); })
        .catch(function () { announce("data-failed"); });
    });
  }
  function init() {
    status = document.getElementById("cb-copy-status");
    document.querySelectorAll("button.cb-copy[data-copy]").forEach(activate);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
