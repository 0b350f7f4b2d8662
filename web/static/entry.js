// The entry form's live arithmetic. The identities come from the server
// (nianbao.Report.Identities) as data, so this file holds none of the
// template's rules: it parses what the clerk typed, sums both sides of
// each identity, marks the cells of one that does not hold with the rule's
// title, and offers derivable totals that the clerk may fill with a click.
// Nothing is ever written into a cell without the clerk's action.
(function () {
  "use strict";
  var form = document.getElementById("entry-form");
  var data = document.getElementById("entry-identities");
  if (!form || !data) return;
  var identities = JSON.parse(data.textContent);
  var inputs = {};
  form.querySelectorAll("td[data-cell] input").forEach(function (el) { inputs[el.name] = el; });

  var marks = ["/", "／", "—", "——", "-", "－", "无", "\\"];

  // parse reads a cell as nianbao.ParseNum does: full-width digits and
  // signs, thousands separators, decimals. It returns {kind, units, scale}
  // with kind "blank", "number", "mark" (a known mark) or "other".
  function parse(text) {
    var s = text.replace(/[\uFF01-\uFF5E]/g, function (c) {
      return String.fromCharCode(c.charCodeAt(0) - 0xFEE0);
    }).replace(/\u3000/g, " ").trim();
    if (s === "") return { kind: "blank" };
    if (marks.indexOf(s) >= 0) return { kind: "mark" };
    var m = /^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/.exec(s);
    if (!m || (m[2].length > 1 && m[2][0] === "0" && m[2].indexOf(",") < 0)) return { kind: "other" };
    var frac = m[3] || "";
    var units = BigInt(m[2].replace(/,/g, "") + frac);
    if (m[1] === "-") units = -units;
    return { kind: "number", units: units, scale: frac.length };
  }

  function align(a, scale) { return a.units * (10n ** BigInt(scale - a.scale)); }

  // sum adds the numbers of the cells, or returns null when one is not a number.
  function sum(names, values) {
    var scale = 0, i;
    for (i = 0; i < names.length; i++) {
      var v = values[names[i]];
      if (!v || v.kind !== "number") return null;
      scale = Math.max(scale, v.scale);
    }
    var total = 0n;
    for (i = 0; i < names.length; i++) total += align(values[names[i]], scale);
    return { kind: "number", units: total, scale: scale };
  }

  function format(n) {
    var neg = n.units < 0n, s = (neg ? -n.units : n.units).toString();
    if (n.scale > 0) {
      while (s.length <= n.scale) s = "0" + s;
      s = s.slice(0, s.length - n.scale) + "." + s.slice(s.length - n.scale);
    }
    return (neg ? "-" : "") + s;
  }

  function equal(a, b) {
    var scale = Math.max(a.scale, b.scale);
    return align(a, scale) === align(b, scale);
  }

  function check() {
    var values = {}, name;
    for (name in inputs) values[name] = parse(inputs[name].value);
    var problems = {}, derived = {}, broken = [], unchecked = 0, held = 0;
    identities.forEach(function (id) {
      var l = sum(id.left, values), r = sum(id.right, values);
      if (id.left.length === 1 && r && !derived[id.left[0]]) derived[id.left[0]] = r;
      if (!l || !r) { unchecked++; return; }
      if (equal(l, r)) { held++; return; }
      var msg = id.title + "：左边 " + format(l) + "，右边 " + format(r);
      broken.push(msg);
      id.left.concat(id.right).forEach(function (n) { (problems[n] = problems[n] || []).push(msg); });
    });
    for (name in inputs) {
      var el = inputs[name], td = el.parentNode, v = values[name];
      td.classList.toggle("broken", !!problems[name]);
      td.classList.toggle("mark", v.kind === "mark");
      td.classList.toggle("invalid", v.kind === "other");
      var tips = (problems[name] || []).slice();
      if (v.kind === "other") tips.push("“" + el.value.trim() + "”不是数字：将作为符号导出");
      if (v.kind === "blank") tips.push("空白（不等于0）");
      el.title = tips.join("\n");
      var span = td.querySelector(".derived"), d = derived[name];
      if (d && !(v.kind === "number" && equal(v, d))) {
        span.hidden = false;
        span.textContent = "";
        var label = document.createElement("span");
        label.textContent = "可推得 " + format(d) + " ";
        var button = document.createElement("button");
        button.type = "button";
        button.className = "fill";
        button.textContent = "填入";
        button.dataset.value = format(d);
        button.tabIndex = -1; // Tab moves through the grid; the button is a click away
        span.appendChild(label);
        span.appendChild(button);
      } else {
        span.hidden = true;
        span.textContent = "";
      }
    }
    var status = document.getElementById("entry-status");
    status.textContent = broken.length ? broken.length + " 条勾稽关系不成立（已在表中标红）；" + held + " 条成立，" + unchecked + " 条因有空白或符号暂不能核对。"
      : held + " 条勾稽关系成立，" + unchecked + " 条因有空白或符号暂不能核对。";
    status.className = broken.length ? "broken" : "ok";
    var list = document.getElementById("entry-broken");
    list.textContent = "";
    broken.forEach(function (m) { var li = document.createElement("li"); li.textContent = m; list.appendChild(li); });
  }

  form.addEventListener("input", function (e) { if (e.target.closest("td[data-cell]")) check(); });
  form.addEventListener("click", function (e) {
    var b = e.target.closest("button.fill");
    if (!b) return;
    var input = b.closest("td").querySelector("input");
    input.value = b.dataset.value;
    input.focus();
    check();
  });
  // Enter moves down the column, as in a spreadsheet, instead of sending the form.
  form.addEventListener("keydown", function (e) {
    var el = e.target;
    if (e.key !== "Enter" || !el.matches("td[data-cell] input")) return;
    e.preventDefault();
    var table = el.closest("table"), row = +el.dataset.row, col = +el.dataset.col, best = null;
    table.querySelectorAll("td[data-cell] input").forEach(function (o) {
      var r = +o.dataset.row;
      if (+o.dataset.col === col && r > row && (!best || r < +best.dataset.row)) best = o;
    });
    if (!best) {
      var all = Array.prototype.slice.call(form.querySelectorAll("td[data-cell] input"));
      best = all[all.indexOf(el) + 1];
    }
    if (best) best.focus();
  });
  // fill sets the form's fields from values (field name → text), as the
  // server gives them for a stored report or for "start from last year".
  function fill(values) {
    Object.keys(values).forEach(function (name) {
      var el = form.elements.namedItem(name);
      if (el && typeof el.value === "string") el.value = values[name];
    });
  }

  // The prose rules run on the server (package audit), a moment after the
  // clerk stops typing; a stale answer is dropped.
  var proseTimer = null, proseSeq = 0;
  function proseCheck() {
    var seq = ++proseSeq;
    fetch("/api/entry/check", { method: "POST", body: new URLSearchParams(new FormData(form)), credentials: "same-origin" })
      .then(function (r) { return r.json().then(function (b) { return { ok: r.ok, body: b }; }); })
      .then(function (res) {
        if (seq !== proseSeq) return;
        var status = document.getElementById("entry-prose-status"), list = document.getElementById("entry-prose");
        list.textContent = "";
        if (!res.ok) { status.textContent = "文字核查未能进行：" + (res.body.message || ""); return; }
        status.textContent = res.body.length ? res.body.length + " 处文字与表格或规则不符：" : "文字核查未发现问题。";
        res.body.forEach(function (f) {
          var li = document.createElement("li");
          li.className = "prose-" + f.severity;
          li.dataset.rule = f.rule;
          li.textContent = f.title + "：" + f.message;
          list.appendChild(li);
        });
      })
      .catch(function () {});
  }
  function scheduleProse() {
    clearTimeout(proseTimer);
    proseTimer = setTimeout(proseCheck, 600);
  }
  form.addEventListener("input", scheduleProse);

  var prevButton = document.getElementById("entry-previous");
  if (prevButton) prevButton.addEventListener("click", function () {
    var notes = document.getElementById("entry-previous-notes");
    var q = new URLSearchParams({ agency: form.elements.agency.value, year: form.elements.year.value, template: form.elements.template.value });
    fetch("/api/entry/previous?" + q, { credentials: "same-origin" })
      .then(function (r) { return r.json().then(function (b) { return { ok: r.ok, body: b }; }); })
      .then(function (res) {
        notes.textContent = "";
        var p = document.createElement("p");
        if (!res.ok) {
          p.textContent = res.body.message || "未能读取上年报告";
          notes.appendChild(p);
          return;
        }
        fill(res.body.values);
        p.className = "warning";
        p.textContent = "已填入上年报告的结转数和各部分文字。照抄的文字会被核查标出（与上年雷同），请逐段改写为本年的情况。";
        notes.appendChild(p);
        (res.body.notes || []).forEach(function (n) { var q = document.createElement("p"); q.textContent = n; notes.appendChild(q); });
        check();
        proseCheck();
      })
      .catch(function () {});
  });

  var stored = document.getElementById("entry-values");
  if (stored) {
    var values = JSON.parse(stored.textContent);
    if (Object.keys(values).length) { fill(values); proseCheck(); }
  }
  check();
})();
