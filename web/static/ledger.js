// nianbao: the register's forms. The new-request form shows the due date
// as the receipt date and channel are typed (GET /api/ledger/due); the fee
// notice shows 109号's fee as the units are typed (GET /api/ledger/fee).
// Without JavaScript both forms still work: their buttons ask the server.
(function () {
  'use strict';

  function debounce(f, ms) {
    var t;
    return function () { clearTimeout(t); t = setTimeout(f, ms); };
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  function get(url, done) {
    var xhr = new XMLHttpRequest();
    xhr.open('GET', url);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.onload = function () {
      var body = null;
      try { body = JSON.parse(xhr.responseText); } catch (e) { /* not JSON */ }
      done(xhr.status, body);
    };
    xhr.send();
  }

  // ---- New request: the due date as you type ----
  var form = document.getElementById('new-request');
  if (form) {
    var out = document.getElementById('due-preview');
    var channel = document.getElementById('channel');
    var label = document.getElementById('date-label');
    var rule = document.getElementById('rule');
    // The due date follows the typing: the server's button is for pages without JavaScript.
    var ask = form.querySelector('button[name=preview]');
    if (ask) ask.hidden = true;
    var update = function () {
      var opt = channel.options[channel.selectedIndex];
      label.textContent = opt.getAttribute('data-date-label');
      rule.textContent = opt.getAttribute('data-rule');
      var date = form.elements.date.value;
      if (!date) { out.textContent = ''; return; }
      var q = 'body=' + encodeURIComponent(form.getAttribute('data-body')) +
        '&channel=' + encodeURIComponent(channel.value) + '&date=' + encodeURIComponent(date) +
        '&restored=' + encodeURIComponent(form.elements.restored.value) +
        '&applicant=' + encodeURIComponent(form.elements.applicant.value);
      get('/api/ledger/due?' + q, function (status, body) {
        out.textContent = '';
        if (status !== 200 || !body) {
          out.appendChild(el('p', 'error-message', (body && body.message) || '无法计算答复期限'));
          return;
        }
        var p = el('p', 'due');
        p.appendChild(el('strong', null, '答复期限：' + body.due_label));
        p.appendChild(document.createTextNode(' '));
        p.appendChild(el('span', 'badge ' + (body.status === 'official' ? 'ok' : 'warning'), '日历' + body.status_label));
        out.appendChild(p);
        var ol = el('ol', 'reasons');
        (body.reasons || []).forEach(function (r) { ol.appendChild(el('li', null, r)); });
        out.appendChild(ol);
      });
    };
    var later = debounce(update, 200);
    ['input', 'change'].forEach(function (t) { form.addEventListener(t, function (e) {
      if (e.target.name === 'date' || e.target.name === 'channel' || e.target.name === 'restored') later();
    }); });
    update();
  }

  // ---- Fee notice: 109号's fee as you type ----
  var fee = document.getElementById('fee-form');
  if (fee) {
    var bands = document.getElementById('fee-bands');
    var amount = fee.elements.fee_amount;
    var calc = debounce(function () {
      var basis = fee.elements.fee_basis.value, units = fee.elements.fee_units.value;
      if (!basis || units === '') { bands.textContent = ''; return; }
      get('/api/ledger/fee?basis=' + encodeURIComponent(basis) + '&units=' + encodeURIComponent(units), function (status, body) {
        bands.textContent = '';
        if (status !== 200 || !body) return;
        amount.placeholder = body.amount;
        bands.appendChild(el('span', null, '按国办函〔2020〕109号：' + body.bands.join('；') + '，合计 ' + body.amount + ' 元'));
      });
    }, 200);
    fee.addEventListener('input', calc);
    fee.addEventListener('change', calc);
  }
})();
