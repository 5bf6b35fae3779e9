// Progressive enhancement only: search autocomplete and auto-submitting facet checkboxes.
// Every page works without this file.
(function () {
  'use strict';
  var input = document.querySelector('input[data-suggest]');
  if (input) {
    var list = input.form.querySelector('.suggest');
    var timer = null, last = '', active = -1, ctrl = null;
    var kinds = { product: '', category: 'категория', brand: 'бренд' };
    function hide() { list.hidden = true; list.innerHTML = ''; active = -1; }
    function show(items) {
      list.innerHTML = '';
      items.forEach(function (s) {
        var li = document.createElement('li');
        var a = document.createElement('a');
        a.href = s.url;
        a.textContent = s.text;
        if (kinds[s.kind]) { var k = document.createElement('small'); k.textContent = kinds[s.kind]; a.appendChild(k); }
        li.appendChild(a);
        list.appendChild(li);
      });
      list.hidden = items.length === 0;
    }
    input.addEventListener('input', function () {
      var q = input.value.trim();
      clearTimeout(timer);
      if (q.length < 2) { hide(); return; }
      timer = setTimeout(function () {
        if (q === last) return;
        last = q;
        if (ctrl) ctrl.abort();
        ctrl = typeof AbortController === 'function' ? new AbortController() : null;
        fetch(input.getAttribute('data-suggest') + '?q=' + encodeURIComponent(q), ctrl ? { signal: ctrl.signal } : {})
          .then(function (r) { return r.ok ? r.json() : { items: [] }; })
          .then(function (d) { if (input.value.trim() === q) show(d.items || []); })
          .catch(function () {});
      }, 150);
    });
    input.addEventListener('keydown', function (e) {
      var items = list.querySelectorAll('li');
      if (!items.length || list.hidden) return;
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        if (active >= 0) items[active].classList.remove('active');
        active = (active + (e.key === 'ArrowDown' ? 1 : -1) + items.length) % items.length;
        items[active].classList.add('active');
      } else if (e.key === 'Enter' && active >= 0) {
        e.preventDefault();
        location.href = items[active].querySelector('a').href;
      } else if (e.key === 'Escape') hide();
    });
    document.addEventListener('click', function (e) { if (!input.form.contains(e.target)) hide(); });
  }
  var facets = document.querySelector('form[data-autosubmit]');
  var box = document.querySelector('details.facets-box');
  // wide screens show the filters beside the results; phones keep them folded under one tap
  if (box && window.matchMedia && window.matchMedia('(min-width: 800px)').matches) box.open = true;
  if (facets) {
    facets.addEventListener('change', function (e) {
      if (e.target.type === 'checkbox' || e.target.tagName === 'SELECT') facets.submit();
    });
  }
})();
