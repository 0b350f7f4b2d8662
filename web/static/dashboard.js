// nianbao dashboard: charts of the filtered reports, drawn with the
// embedded ECharts from the JSON the page carries.
(function () {
  'use strict';
  var node = document.getElementById('dashboard-data');
  if (!node || typeof echarts === 'undefined') return;
  var d = JSON.parse(node.textContent);
  var years = (d.years || []).map(function (y) { return y.year ? String(y.year) : '年度未知'; });
  var color = ['#2f6db5', '#4caf7d', '#e0a100', '#c62828', '#7e57c2', '#78909c'];
  var charts = [];

  function chart(id, option) {
    var box = document.getElementById(id);
    if (!box) return;
    var c = echarts.init(box, null, { renderer: 'svg' });
    option.color = option.color || color;
    option.animation = false;
    c.setOption(option);
    charts.push(c);
  }
  function bars(name, data, fmt) {
    return {
      tooltip: { trigger: 'axis', valueFormatter: fmt },
      grid: { left: 56, right: 16, top: 24, bottom: 32 },
      xAxis: { type: 'category', data: years },
      yAxis: { type: 'value', minInterval: 1, axisLabel: fmt ? { formatter: fmt } : {} },
      series: [{ name: name, type: 'bar', data: data, barMaxWidth: 48 }]
    };
  }
  function pct(v) { return Math.round(v * 1000) / 10 + '%'; }

  chart('chart-years', bars('报告数', d.years.map(function (y) { return y.reports; })));
  chart('chart-received', bars('收到申请', d.years.map(function (y) { return y.received; })));
  chart('chart-outcomes', {
    tooltip: { trigger: 'item', formatter: '{b}：{c} 件（{d}%）' },
    legend: { bottom: 0 },
    series: [{
      type: 'pie', radius: ['35%', '65%'], center: ['50%', '45%'],
      data: (d.outcome_mix || []).map(function (o) { return { name: o.label, value: o.count }; })
    }]
  });
  var errs = bars('有错误的报告占比', d.years.map(function (y) { return y.reports ? y.with_errors / y.reports : 0; }), pct);
  errs.yAxis.max = 1;
  errs.series[0].itemStyle = { color: '#c62828' };
  chart('chart-errors', errs);
  chart('chart-late', {
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 56, right: 16, top: 24, bottom: 56 },
    xAxis: { type: 'category', data: years },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: '按期或未能判断', type: 'bar', stack: 'all', data: d.years.map(function (y) { return y.reports - y.late; }), itemStyle: { color: '#9fb8d9' } },
      { name: '逾期发布', type: 'bar', stack: 'all', data: d.years.map(function (y) { return y.late; }), itemStyle: { color: '#e0a100' } }
    ]
  });
  window.addEventListener('resize', function () { charts.forEach(function (c) { c.resize(); }); });
})();
