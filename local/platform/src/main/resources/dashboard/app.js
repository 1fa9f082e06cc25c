// Flywheel live dashboard: polls the local platform and renders Chart.js charts (no build step).
(() => {
  'use strict';
  const WINDOW_MS = 10 * 60 * 1000;
  const PALETTE = ['#2563eb', '#ea580c', '#16a34a', '#dc2626', '#9333ea', '#0891b2',
                   '#ca8a04', '#db2777', '#4d7c0f', '#7c3aed', '#0f766e', '#b45309'];
  const STATUS_COLORS = { ACCEPTED: '#64748b', PENDING: '#d97706', RESERVED: '#2563eb',
                          CONFIRMED: '#16a34a', REJECTED: '#dc2626', CANCELLED: '#6b7280' };
  const API_COLORS = { requests: '#2563eb', throttled: '#ea580c', unauthorized: '#9333ea', errors5xx: '#dc2626' };

  // One colour per name for the whole page, handed out in first-seen order, so a function
  // keeps its colour across every chart (including its segments in the orders chart).
  const colors = new Map();
  const colorOf = name => {
    if (!colors.has(name)) colors.set(name, PALETTE[colors.size % PALETTE.length]);
    return colors.get(name);
  };
  const fade = hex => hex + '59'; // ~35% alpha, for queued segments

  const funcNames = [], queueNames = [];
  let samples = [];   // samples inside the 10 minute window, oldest first
  let prev = null;    // last ingested sample; kept for differencing even once it leaves the window
  let metricsOk = false, ordersOk = false;

  const $ = id => document.getElementById(id);
  const pad = n => String(n).padStart(2, '0');
  const clock = t => { const d = new Date(t); return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`; };
  const fmt = (v, digits = 0) => (v == null || Number.isNaN(v)) ? '–' : v.toFixed(digits);
  const sum = xs => xs.reduce((a, b) => a + (b || 0), 0);

  // ---- ingest: remember names, turn cumulative counters into per-second rates ----
  function ingest(s) {
    s.functions = s.functions || {}; s.queues = s.queues || {}; s.api = s.api || {};
    for (const n of Object.keys(s.functions)) if (!funcNames.includes(n)) { funcNames.push(n); colorOf(n); }
    for (const n of Object.keys(s.queues)) if (!queueNames.includes(n)) { queueNames.push(n); colorOf(n); }
    const dt = prev ? (s.t - prev.t) / 1000 : 0;
    // Counters can go backwards when the platform restarts: clamp to 0 instead of a negative spike.
    const rate = (cur, old) => (dt > 0 && cur != null && old != null) ? Math.max(0, cur - old) / dt : null;
    s.fnRate = {};
    for (const [n, f] of Object.entries(s.functions)) {
      const p = (prev && prev.functions[n]) || {};
      s.fnRate[n] = { invocations: rate(f.invocations, p.invocations), errors: rate(f.errors, p.errors),
                      timeouts: rate(f.timeouts, p.timeouts) };
    }
    s.apiRate = {};
    for (const k of Object.keys(API_COLORS)) s.apiRate[k] = rate(s.api[k], prev && prev.api[k]);
    samples.push(s);
    prev = s;
  }

  // ---- line charts over time (category x axis with hh:mm:ss labels) ----
  const legendLabels = c => Chart.defaults.plugins.legend.labels.generateLabels(c)
    // "secondary" (dashed) series share a legend entry with their solid partner
    .filter(l => !c.data.datasets[l.datasetIndex].secondary)
    .map(l => Object.assign(l, { text: c.data.datasets[l.datasetIndex].name }));
  const legendClick = (e, item, legend) => {
    const c = legend.chart, name = c.data.datasets[item.datasetIndex].name;
    const show = !c.isDatasetVisible(item.datasetIndex);
    c.data.datasets.forEach((d, i) => { if (d.name === name) c.setDatasetVisibility(i, show); });
    c.update('none');
  };

  function lineChart(id, unit, seriesFn, extra = {}) {
    const chart = new Chart($(id), {
      type: 'line',
      data: { labels: [], datasets: [] },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false, spanGaps: false,
        interaction: { mode: 'index', intersect: false },
        elements: { point: { radius: extra.points ?? 0, hitRadius: 4 }, line: { borderWidth: 1.6, tension: 0 } },
        scales: {
          x: { ticks: { maxTicksLimit: 7, maxRotation: 0, font: { size: 10 } }, grid: { display: false } },
          y: { beginAtZero: true, suggestedMax: extra.suggestedMax ?? 1, ticks: { precision: extra.precision, font: { size: 10 } },
               title: { display: true, text: unit, font: { size: 10 } } },
        },
        plugins: {
          legend: { position: 'bottom', onClick: legendClick,
                    labels: { boxWidth: 12, boxHeight: 3, padding: 6, font: { size: 10 }, generateLabels: legendLabels } },
          tooltip: { filter: i => i.raw != null },
        },
      },
    });
    chart.seriesFn = seriesFn;
    return chart;
  }

  // Series spec: { label, name (legend/colour key), get(sample) -> number|null, dash?, color?, stepped? }
  const perFn = (key, label = n => n) => () => funcNames.map(n => ({ label: label(n), name: n,
    get: s => (s.functions[n] ? s.functions[n][key] ?? null : null) }));
  const perFnRate = (key, label, dash) => funcNames.map(n => ({ label: label(n), name: n, dash,
    get: s => (s.fnRate[n] ? s.fnRate[n][key] : null) }));
  const perQueue = key => () => queueNames.map(n => ({ label: n, name: n,
    get: s => (s.queues[n] ? s.queues[n][key] ?? null : null) }));

  const charts = [
    lineChart('chart-instances', 'environments', perFn('instances'), { precision: 0 }),
    lineChart('chart-busy', 'environments', perFn('busy'), { precision: 0 }),
    lineChart('chart-invocations', 'invocations / s', () => perFnRate('invocations', n => n)),
    // points: a function invoked in one second only has a single value between gaps, which a bare line would not show
    lineChart('chart-duration', 'p95 ms', perFn('p95', n => n + ' p95'), { suggestedMax: 10, points: 2.5 }),
    lineChart('chart-errors', 'per second', () => [...perFnRate('errors', n => n + ' errors/s'),
                                                   ...perFnRate('timeouts', n => n + ' timeouts/s', [5, 3])]),
    lineChart('chart-coldstarts', 'cold starts (total)', () => perFn('coldStarts')().map(s => ({ ...s, stepped: true })), { precision: 0 }),
    lineChart('chart-queue-depth', 'messages', perQueue('visible'), { precision: 0 }),
    lineChart('chart-queue-inflight', 'messages', perQueue('inFlight'), { precision: 0 }),
    lineChart('chart-queue-age', 'seconds', perQueue('oldestAgeSeconds')),
    lineChart('chart-dlq', 'messages', perQueue('dlq'), { precision: 0 }),
    lineChart('chart-api', 'per second', () => [
      ['requests', 'requests/s'], ['throttled', '429 throttled/s'], ['unauthorized', '401 unauthorized/s'], ['errors5xx', '5xx/s'],
    ].map(([k, label]) => ({ label, name: label, color: API_COLORS[k], get: s => s.apiRate[k] }))),
  ];

  function renderMetrics() {
    const labels = samples.map(s => clock(s.t));
    for (const chart of charts) {
      chart.data.labels = labels;
      for (const sp of chart.seriesFn()) {
        // Reuse dataset objects so legend toggles survive updates.
        let ds = chart.data.datasets.find(d => d.label === sp.label);
        if (!ds) {
          const color = sp.color || colorOf(sp.name);
          ds = { label: sp.label, name: sp.name, borderColor: color, backgroundColor: color,
                 borderDash: sp.dash || [], secondary: !!sp.dash, stepped: !!sp.stepped };
          chart.data.datasets.push(ds);
        }
        ds.data = samples.map(sp.get);
      }
      chart.update('none');
    }
    const last = samples[samples.length - 1];
    if (!last) return;
    const fns = Object.values(last.functions), qs = Object.values(last.queues);
    $('t-instances').textContent = sum(fns.map(f => f.instances));
    $('t-busy').textContent = sum(fns.map(f => f.busy));
    $('t-inv').textContent = fmt(sum(Object.values(last.fnRate).map(r => r.invocations)), 1);
    $('t-queued').textContent = sum(qs.map(q => q.visible));
    $('t-dlq').textContent = sum(qs.map(q => q.dlq));
    $('t-api').textContent = fmt(last.apiRate.requests, 1);
    $('t-updated').textContent = clock(last.t);
    const entries = Object.entries(last.functions);
    const lowered = entries.filter(([, f]) => f.nice > 0).map(([n, f]) => `${n} nice ${f.nice}`);
    $('cpu-nice').textContent = lowered.length ? lowered.join(', ') : 'off: every environment at the same priority';
    const warm = entries.filter(([, f]) => f.provisioned > 0).map(([n, f]) => `${n}: ${f.provisioned}`);
    $('provisioned').textContent = warm.length ? warm.join(', ') : 'none';
    $('mappings').textContent = Object.entries(last.queues).map(([n, q]) => `${n}: ${q.mode} (${q.pollers} polling)`).join('; ');
  }

  // ---- orders: one horizontal stacked bar per order, a queued + a run segment per hop ----
  // Draws the short id and a status badge in the space reserved left of the bars (ticks are hidden),
  // plus the end-to-end total after each bar.
  const orderLabels = {
    id: 'orderLabels',
    afterDraw(c) {
      const orders = c.$orders || [], y = c.scales.y, x = c.scales.x, ctx = c.ctx, area = c.chartArea;
      ctx.save();
      ctx.textBaseline = 'middle';
      if (c.$orders && !orders.length) { // only once orders have actually loaded
        ctx.fillStyle = '#64748b'; ctx.font = '13px system-ui, sans-serif'; ctx.textAlign = 'center';
        ctx.fillText('No orders yet — place one through the API', (area.left + area.right) / 2, (area.top + area.bottom) / 2);
      }
      orders.forEach((o, i) => {
        const py = y.getPixelForValue(i);
        ctx.textAlign = 'left';
        ctx.font = '11px ui-monospace, Menlo, Consolas, monospace'; ctx.fillStyle = '#334155';
        ctx.fillText('…' + String(o.orderId).slice(-8), y.left + 2, py);
        const bx = y.left + 82, bw = 78, bh = 14;
        ctx.fillStyle = STATUS_COLORS[o.status] || '#475569';
        ctx.beginPath();
        ctx.roundRect ? ctx.roundRect(bx, py - bh / 2, bw, bh, 7) : ctx.rect(bx, py - bh / 2, bw, bh);
        ctx.fill();
        ctx.fillStyle = '#fff'; ctx.font = 'bold 9px system-ui, sans-serif'; ctx.textAlign = 'center';
        ctx.fillText(o.status, bx + bw / 2, py + 0.5);
        const end = sum((o.hops || []).map(h => (h.queuedMs || 0) + (h.durationMs || 0)));
        if (o.totalMs != null) {
          ctx.fillStyle = '#475569'; ctx.font = '10px system-ui, sans-serif'; ctx.textAlign = 'left';
          ctx.fillText(`${(o.totalMs / 1000).toFixed(1)} s`, x.getPixelForValue(end) + 4, py);
        }
      });
      ctx.restore();
    },
  };

  const ordersChart = new Chart($('chart-orders'), {
    type: 'bar',
    data: { labels: [], datasets: [] },
    plugins: [orderLabels],
    options: {
      indexAxis: 'y', animation: false, responsive: true, maintainAspectRatio: false,
      interaction: { mode: 'index', axis: 'y', intersect: false },
      datasets: { bar: { maxBarThickness: 16, categoryPercentage: 0.8, barPercentage: 0.9 } },
      scales: {
        x: { stacked: true, beginAtZero: true, grace: '8%', suggestedMax: 1000,
             title: { display: true, text: 'ms since the order entered the front door', font: { size: 10 } },
             ticks: { font: { size: 10 } } },
        y: { stacked: true, ticks: { display: false }, grid: { display: false },
             afterFit: s => { s.width = 166; } }, // room for id + status badge
      },
      plugins: {
        legend: {
          position: 'bottom', onClick: () => {},
          labels: {
            boxWidth: 12, font: { size: 10 }, padding: 8,
            // Legend by service (segment colour), not by hop index.
            generateLabels: c => [...new Set((c.$orders || []).flatMap(o => (o.hops || []).map(h => h.service)))]
              .map(s => ({ text: s, fillStyle: colorOf(s), strokeStyle: colorOf(s), lineWidth: 0 }))
              .concat([{ text: 'queued (lighter)', fillStyle: fade('#64748b'), strokeStyle: 'transparent', lineWidth: 0 }]),
          },
        },
        tooltip: {
          filter: i => i.raw != null,
          callbacks: {
            title: items => { const o = ordersChart.$orders[items[0].dataIndex]; return `${o.orderId} · ${o.status}`; },
            label: i => {
              const hop = ordersChart.$orders[i.dataIndex].hops[i.dataset.hop];
              return `${hop.service} ${i.dataset.queued ? 'queued' : 'ran'} ${i.raw} ms`;
            },
            footer: items => { const o = ordersChart.$orders[items[0].dataIndex]; return o.totalMs != null ? `total ${o.totalMs} ms` : ''; },
          },
        },
      },
    },
  });

  function renderOrders(orders) {
    const hopsOf = o => o.hops || [];
    const maxHops = Math.max(0, ...orders.map(o => hopsOf(o).length));
    const datasets = [];
    // Dataset order is stacking order: queued k, run k, queued k+1, ... Colours are per bar (= per order's hop).
    for (let k = 0; k < maxHops; k++) {
      const hop = o => hopsOf(o)[k];
      const colour = (o, f) => hop(o) ? f(colorOf(hop(o).service)) : 'transparent';
      datasets.push({ label: `hop ${k + 1} queued`, hop: k, queued: true,
                      data: orders.map(o => hop(o) ? hop(o).queuedMs ?? null : null),
                      backgroundColor: orders.map(o => colour(o, fade)) });
      datasets.push({ label: `hop ${k + 1}`, hop: k, queued: false,
                      data: orders.map(o => hop(o) ? hop(o).durationMs ?? null : null),
                      backgroundColor: orders.map(o => colour(o, c => c)) });
    }
    ordersChart.$orders = orders;
    ordersChart.data.labels = orders.map(o => o.orderId);
    ordersChart.data.datasets = datasets;
    ordersChart.update('none');
    $('t-orders').textContent = orders.length;
    document.body.dataset.orders = String(orders.length);
  }

  // ---- polling ----
  const failing = new Set();
  function reachable(key, ok) {
    if (ok) failing.delete(key); else failing.add(key);
    $('banner').hidden = failing.size === 0;
  }
  function markReady() {
    document.body.dataset.functions = String(funcNames.length);
    if (metricsOk && ordersOk) document.body.dataset.ready = 'true';
  }
  async function getJSON(url) {
    const r = await fetch(url, { cache: 'no-store' });
    if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
    return r.json();
  }

  // setTimeout after each round (not setInterval) so a slow platform never gets overlapping requests.
  async function pollMetrics() {
    try {
      const m = await getJSON('/dashboard/api/metrics' + (prev ? '?since=' + prev.t : ''));
      for (const s of m.samples || []) if (!prev || s.t > prev.t) ingest(s);
      // Window anchored on the server clock, so browser clock skew does not empty the charts.
      const cutoff = (m.now || (prev ? prev.t : Date.now())) - WINDOW_MS;
      const firstKept = samples.findIndex(s => s.t > cutoff);
      samples = firstKept < 0 ? [] : samples.slice(firstKept);
      renderMetrics();
      metricsOk = true;
      reachable('metrics', true);
      markReady();
    } catch (e) {
      console.warn('metrics poll failed', e);
      reachable('metrics', false);
    }
    setTimeout(pollMetrics, 1000);
  }
  async function pollOrders() {
    try {
      const r = await getJSON('/dashboard/api/orders');
      renderOrders(r.orders || []);
      ordersOk = true;
      reachable('orders', true);
      markReady();
    } catch (e) {
      console.warn('orders poll failed', e);
      reachable('orders', false);
    }
    setTimeout(pollOrders, 2000);
  }

  // Orders start after the first metrics round so colours follow the metrics' name order
  // (the orders chart colours hops by service), which keeps screenshots deterministic.
  pollMetrics().finally(pollOrders);
})();
