/*
 * The checkout's address, as a small enhancement of a form that works without it:
 * - a "Kecamatan" select in front of the village select, which then lists only that
 *   district's villages (the village select groups them by district already);
 * - the postal code filled from the chosen village when the buyer has not typed one;
 * - the courier fees priced again for the new village (the page's own "Hitung ongkos
 *   kirim" button, pressed for the buyer).
 */
(function () {
  "use strict";
  var village = document.getElementById("id_village");
  var postcode = document.getElementById("id_postcode");
  if (!village) { return; }

  var groups = Array.prototype.slice.call(village.querySelectorAll("optgroup"));
  if (groups.length > 0) {
    var district = document.createElement("select");
    district.id = "id_district_filter";
    district.className = village.className;
    var all = document.createElement("option");
    all.value = "";
    all.textContent = village.dataset.allDistricts || "—";
    district.appendChild(all);
    groups.forEach(function (group, index) {
      var option = document.createElement("option");
      option.value = String(index);
      option.textContent = group.label;
      if (group.querySelector("option:checked")) { option.selected = true; }
      district.appendChild(option);
    });
    var label = document.createElement("label");
    label.htmlFor = district.id;
    label.textContent = village.dataset.districtLabel || "Kecamatan";
    var wrap = document.createElement("div");
    wrap.className = "form-group";
    wrap.appendChild(label);
    wrap.appendChild(district);
    village.closest(".form-group").before(wrap);

    var show = function () {
      groups.forEach(function (group, index) {
        var on = district.value === "" || district.value === String(index);
        group.hidden = !on;
        group.disabled = !on;
      });
      var chosen = village.selectedOptions[0];
      if (chosen && chosen.parentElement.disabled) { village.value = ""; }
    };
    district.addEventListener("change", show);
    show();
  }

  village.addEventListener("change", function () {
    var chosen = village.selectedOptions[0];
    if (postcode && chosen && chosen.dataset.postcode && !postcode.dataset.typed) {
      postcode.value = chosen.dataset.postcode;
    }
  });
  if (postcode) {
    postcode.addEventListener("input", function () { postcode.dataset.typed = "1"; });
  }

  var recalculate = document.querySelector("button[name=action][value=recalculate]");
  var courier = document.querySelector("input[type=radio][value=courier]");
  if (recalculate && courier && recalculate.form.requestSubmit) {
    var reprice = function () { recalculate.form.requestSubmit(recalculate); };
    village.addEventListener("change", reprice);
    var regency = document.getElementById("id_regency_code");
    if (regency) { regency.addEventListener("change", reprice); }
  }
})();
