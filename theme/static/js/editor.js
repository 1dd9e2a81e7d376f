/* Profile editor (issue 18): the last of the editor's scripts, which load-editor.js adds
   in order (editor-core, -check, -doc, -form, -picker, -main; site/editor.py's
   EDITOR_SCRIPTS): starts the editor once the page is parsed. Scripts added at run time
   may run after DOMContentLoaded. */
(function () {
  "use strict";
  function start() {
    window.atlasEditor.start();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
