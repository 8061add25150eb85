// Filters by level and verdict; state can also come from the address, e.g. report.html#verdict=fail,crash&level=MUST
(function () {
  'use strict';
  var boxes = Array.prototype.slice.call(document.querySelectorAll('#filters input[type=checkbox]'));
  var rows = Array.prototype.slice.call(document.querySelectorAll('[data-level][data-verdict]'));
  var differs = document.getElementById('only-differs');
  var total = document.querySelectorAll('tr[data-level][data-verdict]').length;
  function chosen(name) {
    return boxes.filter(function (b) { return b.name === name && b.checked; }).map(function (b) { return b.value; });
  }
  function apply() {
    var levels = chosen('level'), verdicts = chosen('verdict'), shown = 0;
    rows.forEach(function (el) {
      var vs = el.getAttribute('data-verdict').split(' ');
      var ok = levels.indexOf(el.getAttribute('data-level')) >= 0 && vs.some(function (v) { return verdicts.indexOf(v) >= 0; });
      if (differs && differs.checked && el.tagName === 'TR' && !el.classList.contains('differs')) { ok = false; }
      el.hidden = !ok;
      if (ok && el.tagName === 'TR') { shown++; }
    });
    var out = document.getElementById('shown');
    if (out) { out.textContent = shown + ' of ' + total + ' rules shown'; }
  }
  function set(name, values) {
    boxes.forEach(function (b) { if (b.name === name) { b.checked = values === null || values.indexOf(b.value) >= 0; } });
  }
  function fromHash() {
    var h = decodeURIComponent((location.hash || '').replace(/^#/, ''));
    if (h.indexOf('=') < 0) { return; }
    h.split('&').forEach(function (kv) {
      var p = kv.split('=');
      if (p[0] === 'verdict' || p[0] === 'level') { set(p[0], p[1] ? p[1].split(',') : null); }
    });
  }
  boxes.forEach(function (b) { b.addEventListener('change', apply); });
  if (differs) { differs.addEventListener('change', apply); }
  Array.prototype.forEach.call(document.querySelectorAll('#filters button[data-preset]'), function (btn) {
    btn.addEventListener('click', function () {
      var p = btn.getAttribute('data-preset');
      set('level', null);
      set('verdict', p === 'problems' ? ['fail', 'crash', 'hang', 'non-strict'] : null);
      apply();
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll('button.copy'), function (btn) {
    btn.addEventListener('click', function () {
      var text = btn.getAttribute('data-text');
      if (navigator.clipboard) { navigator.clipboard.writeText(text).then(function () { btn.textContent = 'copied'; }); }
    });
  });
  window.addEventListener('hashchange', function () { fromHash(); apply(); });
  fromHash();
  apply();
  document.documentElement.setAttribute('data-filters', 'ready');
})();
