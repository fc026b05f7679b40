(function () {
  "use strict";
  var form = document.getElementById("filters");
  if (!form) { return; }
  var entries = Array.prototype.slice.call(document.querySelectorAll("article.entry"));
  var shown = document.getElementById("shown");
  function words(element, name) {
    return (element.getAttribute(name) || "").split(" ").filter(Boolean);
  }
  function listed(element, name) {  // a JSON list: a tag may hold spaces
    try { return JSON.parse(element.getAttribute(name) || "[]"); } catch (e) { return []; }
  }
  function apply() {
    var types = Array.prototype.slice.call(form.querySelectorAll("input[name=type]:checked"))
      .map(function (box) { return box.value; });
    var service = form.elements.service ? form.elements.service.value : "";
    var tag = form.elements.tag ? form.elements.tag.value : "";
    var count = 0;
    entries.forEach(function (entry) {
      var visible = types.indexOf(entry.getAttribute("data-type")) >= 0 &&
        (!service || words(entry, "data-services").indexOf(service) >= 0) &&
        (!tag || listed(entry, "data-tags").indexOf(tag) >= 0);
      entry.hidden = !visible;
      if (visible) { count += 1; }
    });
    Array.prototype.slice.call(document.querySelectorAll("section.month")).forEach(function (month) {
      month.hidden = !month.querySelector("article.entry:not([hidden])");
    });
    shown.textContent = {{ _("{shown} of {total} entries shown")|tojson }}
      .replace("{shown}", count).replace("{total}", entries.length);
  }
  form.hidden = false;
  form.addEventListener("change", apply);
  apply();
}());
