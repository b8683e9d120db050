/* Suggestions under the header's search box as the buyer types: products, categories and
   shops from /search/suggest/. The box works without this; each suggestion is a link. */
(function () {
  var form = document.querySelector("form.search[data-suggest]");
  if (!form || !window.fetch) return;
  var input = form.querySelector("input[name=q]");
  var list = document.createElement("ul");
  list.className = "suggest-list";
  list.id = "site-q-suggest";
  list.hidden = true;
  form.classList.add("suggest");
  form.appendChild(list);
  input.setAttribute("aria-controls", list.id);
  var timer = null, last = "", kinds = form.dataset;

  function add(text, url, kind) {
    var li = document.createElement("li"), a = document.createElement("a");
    a.href = url;
    a.textContent = text;
    if (kind) {
      var k = document.createElement("span");
      k.className = "kind";
      k.textContent = " · " + kind;
      a.appendChild(k);
    }
    li.appendChild(a);
    list.appendChild(li);
  }

  function show(data) {
    list.textContent = "";
    (data.products || []).forEach(function (p) { add(p.title, p.url, ""); });
    (data.categories || []).forEach(function (c) { add(c.name, c.url, kinds.category); });
    (data.shops || []).forEach(function (s) { add(s.name, s.url, kinds.shop); });
    list.hidden = !list.children.length;
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    var q = input.value.trim();
    if (q.length < 2) { list.hidden = true; return; }
    timer = setTimeout(function () {
      if (q === last) { list.hidden = !list.children.length; return; }
      last = q;
      fetch(form.dataset.suggest + "?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : {}; })
        .then(function (data) { if (input.value.trim() === q) show(data); })
        .catch(function () { list.hidden = true; });
    }, 150);
  });
  input.addEventListener("keydown", function (e) {
    if (e.key === "Escape") list.hidden = true;
    if (e.key === "ArrowDown" && !list.hidden && list.firstChild) { e.preventDefault(); list.firstChild.firstChild.focus(); }
  });
  list.addEventListener("keydown", function (e) {
    var li = e.target.parentNode;
    if (e.key === "ArrowDown" && li.nextSibling) { e.preventDefault(); li.nextSibling.firstChild.focus(); }
    if (e.key === "ArrowUp") { e.preventDefault(); (li.previousSibling ? li.previousSibling.firstChild : input).focus(); }
    if (e.key === "Escape") { list.hidden = true; input.focus(); }
  });
  document.addEventListener("click", function (e) { if (!form.contains(e.target)) list.hidden = true; });
})();
