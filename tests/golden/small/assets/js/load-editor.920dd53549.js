/* Profile editor page: loads the member's data script (only with ?member=<slug>) and then
   the editor's scripts, in this order. A classic script, like the scripts it loads, so that
   the page works from file:// too; scripts added with async = false run in the order they
   were added (a missing member script does not stop the next: the editor then says the
   member was not found). The editor's scripts run after DOMContentLoaded may have fired. */
(function () {
  "use strict";
  var me = document.currentScript;
  var slug = new URLSearchParams(window.location.search).get("member");
  var add = function (src) {
    var script = document.createElement("script");
    script.src = src;
    script.async = false;
    document.head.appendChild(script);
  };
  if (slug && /^[a-z0-9][a-z0-9-]{0,62}[a-z0-9]$/.test(slug)) {
    add(me.getAttribute("data-member-scripts") + slug + ".js");
  }
  (me.getAttribute("data-scripts") || "").split(" ").forEach(function (src) {
    if (src) add(src);
  });
})();
