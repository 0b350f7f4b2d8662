// nianbao: upload by drag and drop with per-file progress, and focusing a
// highlighted cell from the findings list. No dependencies.
(function () {
  'use strict';

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  // ---- Upload ----
  var input = document.getElementById('file-input');
  var zone = document.getElementById('dropzone');
  var list = document.getElementById('upload-list');
  if (input && zone && list) {
    var queue = [], running = 0, MAX = 3;

    var next = function () {
      while (running < MAX && queue.length) {
        running++;
        send(queue.shift());
      }
    };

    var add = function (files) {
      for (var i = 0; i < files.length; i++) {
        var f = files[i];
        var li = el('li', 'upload-item pending');
        li.appendChild(el('span', 'name', f.name));
        var bar = el('progress', 'progress');
        bar.max = 100; bar.value = 0;
        bar.setAttribute('aria-label', f.name + ' 上传进度');
        li.appendChild(bar);
        li.appendChild(el('span', 'result', '等待上传'));
        list.insertBefore(li, list.firstChild);
        queue.push({ file: f, li: li, bar: bar });
      }
      next();
    };

    var finish = function (job, ok, node) {
      var res = job.li.querySelector('.result');
      res.textContent = '';
      res.appendChild(node);
      res.className = 'result ' + (ok ? 'ok' : 'error');
      job.li.className = 'upload-item ' + (ok ? 'done' : 'failed');
      job.bar.value = 100;
      running--;
      next();
    };

    var send = function (job) {
      var fd = new FormData();
      fd.append('file', job.file, job.file.name);
      var xhr = new XMLHttpRequest();
      xhr.open('POST', '/api/reports');
      xhr.setRequestHeader('Accept', 'application/json');
      xhr.upload.onprogress = function (e) {
        if (e.lengthComputable) job.bar.value = Math.round(e.loaded * 90 / e.total);
      };
      job.li.querySelector('.result').textContent = '上传中…';
      xhr.upload.onload = function () {
        job.bar.value = 90;
        job.li.querySelector('.result').textContent = '读取与核查中…';
      };
      xhr.onload = function () {
        var body;
        try { body = JSON.parse(xhr.responseText); } catch (e) { body = null; }
        var r = Array.isArray(body) ? body[0] : null;
        if (!r) {
          finish(job, false, document.createTextNode((body && body.message) || ('上传失败（HTTP ' + xhr.status + '）')));
          return;
        }
        if (r.error) {
          finish(job, false, document.createTextNode(r.error));
          return;
        }
        var span = el('span');
        span.appendChild(document.createTextNode(r.created ? '已保存：' : '已存在：'));
        var a = el('a', 'report-link');
        a.href = r.url;
        var rep = r.report || {};
        a.textContent = (rep.agency || '（未署名机关）') + (rep.year ? ' ' + rep.year + '年度' : '');
        span.appendChild(a);
        if (rep.replaces) span.appendChild(el('span', 'badge info replaced', '新版本：替换 ' + rep.replaces + ' 个旧版本（保留备查）'));
        if (rep.errors) span.appendChild(el('span', 'badge error', rep.errors + ' 个错误'));
        if (rep.warnings) span.appendChild(el('span', 'badge warning', rep.warnings + ' 个警告'));
        finish(job, true, span);
      };
      xhr.onerror = function () {
        finish(job, false, document.createTextNode('网络错误，上传失败'));
      };
      xhr.send(fd);
    };

    input.addEventListener('change', function () {
      add(input.files);
      input.value = '';
    });
    ['dragenter', 'dragover'].forEach(function (t) {
      zone.addEventListener(t, function (e) { e.preventDefault(); zone.classList.add('over'); });
    });
    ['dragleave', 'drop'].forEach(function (t) {
      zone.addEventListener(t, function (e) { e.preventDefault(); zone.classList.remove('over'); });
    });
    zone.addEventListener('drop', function (e) {
      if (e.dataTransfer && e.dataTransfer.files.length) add(e.dataTransfer.files);
    });
    zone.addEventListener('keydown', function (e) {
      if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); input.click(); }
    });
    // Dropping a file anywhere else must not navigate away from the page.
    window.addEventListener('dragover', function (e) { e.preventDefault(); });
    window.addEventListener('drop', function (e) { e.preventDefault(); });
  }

  // ---- Findings: a link to a cell focuses it, which shows its message ----
  document.addEventListener('click', function (e) {
    var a = e.target.closest && e.target.closest('.findings a[href^="#cell-"]');
    if (!a) return;
    var cell = document.getElementById(a.getAttribute('href').slice(1));
    var flag = cell && cell.querySelector('.flag');
    if (!flag) return;
    e.preventDefault();
    cell.scrollIntoView({ block: 'center' });
    flag.focus({ preventScroll: true });
  });
  document.addEventListener('keydown', function (e) {
    if (e.key === 'Escape' && document.activeElement && document.activeElement.classList.contains('flag')) {
      document.activeElement.blur();
    }
  });
})();
