/*
 * Starts what the back offices' templates used to start with inline scripts, which the
 * Content-Security-Policy forbids (security/csp.py). A template leaves a marker instead:
 *   <span hidden data-km-init="initDateChooser" data-id="..." data-config="{...}"></span>
 *   <span hidden data-km-init="InlinePanel" data-options="{...}"></span>
 *   <span hidden data-km-init="chooser" data-constructor="PageChooser" data-id="..." data-options="{...}">
 *   <img data-km-upload-button="ID">  (Oscar's image widget: hide ID's button once loaded)
 *   <a data-km-back> / <a data-km-close>  (Oscar's "cancel": back, or close the popup)
 * Markers already in the page start when it has loaded; markers added later (a new inline
 * form, a StreamField block) start when they are added.
 */
(function () {
  "use strict";

  // Chooser widgets Wagtail starts with "new <constructor>(id, options)".
  var CHOOSERS = ["Chooser", "PageChooser", "DocumentChooser", "ImageChooser", "SnippetChooser"];

  var starters = {
    chooser: function (el) {
      var name = el.dataset.constructor;
      if (CHOOSERS.indexOf(name) < 0 || typeof window[name] !== "function") { return; }
      new window[name](el.dataset.id, JSON.parse(el.dataset.options));
    },
    AdminTaskChooser: function (el) { window.createTaskChooser(el.dataset.id); },
    initDateChooser: function (el) { window.initDateChooser(el.dataset.id, JSON.parse(el.dataset.config)); },
    initTimeChooser: function (el) { window.initTimeChooser(el.dataset.id, JSON.parse(el.dataset.config)); },
    initDateTimeChooser: function (el) { window.initDateTimeChooser(el.dataset.id, JSON.parse(el.dataset.config)); },
    InlinePanel: function (el) { new window.InlinePanel(JSON.parse(el.dataset.options)); },
    MultipleChooserPanel: function (el) { new window.MultipleChooserPanel(JSON.parse(el.dataset.options)); }
  };

  function start(root) {
    if (!root.querySelectorAll) { return; }
    var found = Array.prototype.slice.call(root.querySelectorAll("[data-km-init]"));
    if (root.matches && root.matches("[data-km-init]")) { found.unshift(root); }
    found.forEach(function (el) {
      if (el.closest("template") || el.dataset.kmStarted) { return; }
      var starter = starters[el.dataset.kmInit];
      if (!starter) { return; }
      el.dataset.kmStarted = "1";
      try { starter(el); } catch (error) { console.error("csp-init", el.dataset.kmInit, error); }
    });
  }

  // Oscar's "cancel" links: back to the previous page, or close the popup.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-km-back], [data-km-close]");
    if (!link) { return; }
    event.preventDefault();
    if (link.hasAttribute("data-km-close")) { window.close(); } else { window.history.back(); }
  });

  function uploadButton(img) {
    var id = img.getAttribute("data-km-upload-button");
    return id ? document.getElementById("upload_button_" + id) : null;
  }

  // Oscar's image widget: the preview's load hides its upload button, an error shows it.
  document.addEventListener("load", function (event) {
    var button = event.target.tagName === "IMG" && uploadButton(event.target);
    if (button) { button.style.display = "none"; }
  }, true);
  document.addEventListener("error", function (event) {
    var button = event.target.tagName === "IMG" && uploadButton(event.target);
    if (button) { button.style.display = ""; }
  }, true);

  function ready() {
    start(document);
    new MutationObserver(function (mutations) {
      mutations.forEach(function (mutation) {
        mutation.addedNodes.forEach(function (node) { start(node); });
      });
    }).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
