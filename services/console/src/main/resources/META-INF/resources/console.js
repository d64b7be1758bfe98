// OTA console: a small single-page app over the console's JSON API and server-sent events.
(function () {
  'use strict';

  const view = document.getElementById('view');
  const banner = document.getElementById('banner');
  let me = { name: '', roles: [], may: { operateRollouts: false } };
  let stream = null;         // the EventSource of the current page
  let routeToken = 0;        // bumps on every navigation, so late answers of a left page are dropped

  // ---------- helpers

  function esc(value) {
    return String(value == null ? '' : value).replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
  }

  function fmt(n) { return Number(n || 0).toLocaleString('en-US'); }

  function pct(bp) {
    const p = (bp || 0) / 100;
    return (Number.isInteger(p) ? p.toFixed(0) : p.toFixed(p < 10 ? 2 : 1)) + '%';
  }

  function rate(bp) { return ((bp || 0) / 100).toFixed(1) + '%'; }

  function bytes(n) {
    if (!n) return '0 B';
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let i = 0; let v = n;
    while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
    return (i === 0 ? v : v.toFixed(1)) + ' ' + units[i];
  }

  function when(iso) {
    if (!iso) return '—';
    const d = new Date(iso);
    return d.toLocaleString('en-GB', { year: 'numeric', month: 'short', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  }

  function ago(iso) {
    if (!iso) return '—';
    const s = Math.max(0, (Date.now() - new Date(iso).getTime()) / 1000);
    if (s < 60) return Math.floor(s) + ' s ago';
    if (s < 3600) return Math.floor(s / 60) + ' min ago';
    if (s < 86400) return Math.floor(s / 3600) + ' h ago';
    return Math.floor(s / 86400) + ' d ago';
  }

  function short(hex, n) { return hex ? hex.substring(0, n || 12) + '…' : '—'; }

  function pill(state, large) {
    const s = String(state || 'unknown').toLowerCase();
    return '<span class="pill ' + esc(s) + (large ? ' lg' : '') + '">' + esc(s.replace('_', ' ').toUpperCase()) + '</span>';
  }

  function title(text) { document.title = text + ' · OTA console'; }

  async function api(path, options) {
    const opts = Object.assign({ headers: {} }, options || {});
    opts.headers = Object.assign({ 'Accept': 'application/json', 'X-Requested-With': 'JavaScript' }, opts.headers);
    const response = await fetch(path, opts);
    if (response.status === 499 || response.status === 401) {
      // the session expired: a full navigation goes through the login page and comes back here
      location.reload();
      throw { status: response.status, code: 'SESSION_EXPIRED', service: '', message: 'Your session expired; signing in again…' };
    }
    const text = await response.text();
    let body = null;
    try { body = text ? JSON.parse(text) : null; } catch (e) { body = null; }
    if (!response.ok) {
      throw Object.assign({ status: response.status, code: 'HTTP_' + response.status, service: '', message: text || response.statusText }, body || {});
    }
    return body;
  }

  function showError(error, prefix) {
    const service = error.service ? esc(error.service) + ' refused' : 'Refused';
    banner.className = 'banner';
    banner.innerHTML = '<div><strong>' + esc(prefix || service) + ':</strong> ' + esc(error.message) +
      ' <span class="code">' + esc(error.code) + (error.status ? ' · HTTP ' + esc(error.status) : '') + '</span></div>' +
      '<button class="close" aria-label="Dismiss">×</button>';
    banner.hidden = false;
    banner.dataset.code = error.code || '';
    banner.querySelector('.close').onclick = () => { banner.hidden = true; };
  }

  function clearError() { banner.hidden = true; banner.dataset.code = ''; }

  function setLive(state) {
    const live = document.getElementById('live');
    const text = document.getElementById('live-text');
    document.body.dataset.live = state;
    if (state === 'off') { live.hidden = true; return; }
    live.hidden = false;
    live.classList.toggle('reconnecting', state !== 'connected');
    text.textContent = state === 'connected' ? 'Live' : 'Reconnecting…';
  }

  function closeStream() {
    if (stream) { stream.close(); stream = null; }
    setLive('off');
  }

  function openStream(path, onUpdate) {
    closeStream();
    const source = new EventSource(path);
    stream = source;
    source.onopen = () => setLive('connected');
    source.onmessage = (message) => {
      const update = JSON.parse(message.data);
      if (update.error) {
        showError(update.error, 'Live updates interrupted — ' + (update.error.service || 'console'));
        return;
      }
      setLive('connected');
      onUpdate(update);
    };
    source.onerror = () => {
      if (stream !== source) return;
      // the server ends each stream after a while; EventSource reconnects by itself unless it gave up
      if (source.readyState === EventSource.CLOSED) {
        setLive('reconnecting');
        setTimeout(() => { if (stream === source) openStream(path, onUpdate); }, 3000);
      } else {
        setLive('reconnecting');
      }
    };
  }

  function progressBar(t, large) {
    const total = Math.max(t.reached, t.succeeded + t.failed + t.inProgress);
    const w = n => total ? (100 * n / total).toFixed(2) + '%' : '0%';
    const waiting = Math.max(0, total - t.succeeded - t.failed - t.inProgress);
    return '<div class="bar' + (large ? ' lg' : '') + '" role="img" aria-label="' + fmt(t.succeeded) + ' succeeded, ' + fmt(t.failed) +
      ' failed, ' + fmt(t.inProgress) + ' in progress of ' + fmt(total) + ' reached">' +
      '<span class="ok" style="width:' + w(t.succeeded) + '"></span>' +
      '<span class="bad" style="width:' + w(t.failed) + '"></span>' +
      '<span class="busy" style="width:' + w(t.inProgress) + '"></span>' +
      '<span class="wait" style="width:' + w(waiting) + '"></span></div>';
  }

  function legend() {
    return '<div class="legend"><span><i style="background:var(--green-bar)"></i>Succeeded</span>' +
      '<span><i style="background:var(--red-bar)"></i>Failed</span>' +
      '<span><i style="background:var(--progress-bar)"></i>In progress</span>' +
      '<span><i style="background:var(--waiting-bar)"></i>Told to install, not started</span></div>';
  }

  // ---------- rollouts list

  function rolloutRow(r) {
    const t = r.totals;
    const stage = r.stages[r.currentStage] || { percentageBp: 0 };
    return '<tr class="link" data-rollout="' + esc(r.id) + '" data-href="#/rollouts/' + esc(r.id) + '">' +
      '<td><div class="primary">' + esc(r.displayName) + '</div><div class="secondary mono">' + esc(r.id) + '</div></td>' +
      '<td>' + pill(r.state) + '</td>' +
      '<td class="nowrap">Stage ' + (r.currentStage + 1) + ' of ' + r.stages.length + '<div class="secondary">' + pct(stage.percentageBp) + ' of selected fleet</div></td>' +
      '<td style="width:28%">' + progressBar(t) + '<div class="bar-caption"><b>' + fmt(t.succeeded) + '</b> of ' + fmt(t.reached) +
      ' succeeded · ' + fmt(t.failed) + ' failed · ' + fmt(t.inProgress) + ' in progress</div></td>' +
      '<td><a href="#/releases/' + esc(idOf(r.release)) + '" class="mono">' + esc(short(idOf(r.release), 8)) + '</a></td>' +
      '<td class="nowrap muted">' + esc(ago(r.updateTime)) + '</td></tr>';
  }

  function idOf(name) { return String(name || '').split('/').pop(); }

  function renderRolloutList(rollouts) {
    const count = s => rollouts.filter(r => r.state === s).length;
    const live = rollouts.filter(r => r.state === 'RUNNING' || r.state === 'PAUSED');
    const reached = live.reduce((a, r) => a + r.totals.reached, 0);
    const failed = live.reduce((a, r) => a + r.totals.failed, 0);
    const kpis = '<div class="kpis">' +
      kpi('Running', count('RUNNING'), 'rollouts live', 'progress') +
      kpi('Paused', count('PAUSED'), 'held, waiting for an operator') +
      kpi('Completed', count('COMPLETED'), 'every stage done', 'succeeded') +
      kpi('Aborted', count('ABORTED'), 'ended for good', 'failed') +
      kpi('Vehicles reached', fmt(reached), fmt(failed) + ' failed in live rollouts') + '</div>';
    const table = rollouts.length === 0
      ? '<div class="empty">No rollouts yet. Create one with <code>otactl rollout create</code>.</div>'
      : '<table><thead><tr><th>Rollout</th><th>State</th><th>Stage</th><th>Progress</th><th>Release</th><th>Updated</th></tr></thead><tbody>' +
        rollouts.map(rolloutRow).join('') + '</tbody></table>';
    view.innerHTML = '<div class="page-head"><div class="titles"><h1>Rollouts</h1><div class="subtitle">Staged rollouts of releases to the fleet, newest first; this page updates by itself.</div></div></div>' +
      kpis + '<div class="card"><div class="card-head"><h2>All rollouts</h2>' + legend() + '</div><div class="card-body flush" id="rollout-table">' + table + '</div></div>';
  }

  function kpi(label, value, sub, kind, id) {
    return '<div class="kpi ' + (kind || '') + '"' + (id ? ' id="' + id + '"' : '') + '><div class="label">' + esc(label) +
      '</div><div class="value">' + esc(value) + '</div><div class="sub">' + esc(sub || '') + '</div></div>';
  }

  async function showRollouts(token) {
    title('Rollouts');
    const rollouts = await api('/api/rollouts');
    if (token !== routeToken) return;
    renderRolloutList(rollouts);
    openStream('/api/rollouts/stream', update => { if (token === routeToken) renderRolloutList(update.rollouts); });
  }

  // ---------- one rollout

  let current = null;   // { rollout, samples, events } of the rollout page

  function stageCard(s, r) {
    const isCurrent = s.index === r.currentStage && (r.state === 'RUNNING' || r.state === 'PAUSED');
    const reported = s.succeeded + s.failed;
    let gate = '<div class="gate"><div class="gate-row"><span>Failure rate</span><b>' + (reported ? rate(s.failureRateBp) : '—') + '</b></div>' +
      '<div class="gate-row"><span>Gate</span><span>none: advanced by an operator</span></div></div>';
    if (s.gate) {
      const max = s.gate.maxFailureRateBp;
      const over = reported > 0 && s.failureRateBp > max;
      const scale = Math.max(max * 2, s.failureRateBp, 100);
      gate = '<div class="gate" data-gate>' +
        '<div class="gate-row"><span>Failure rate / gate</span><b class="' + (over ? 'over' : '') + '">' + (reported ? rate(s.failureRateBp) : '—') + ' / max ' + rate(max) + '</b></div>' +
        '<div class="gauge"><div class="fill' + (over ? ' over' : '') + '" style="width:' + (100 * Math.min(s.failureRateBp, scale) / scale).toFixed(1) + '%"></div>' +
        '<div class="limit" style="left:' + (100 * max / scale).toFixed(1) + '%"></div></div>' +
        '<div class="gate-row"><span>Needs ' + fmt(s.gate.minVehiclesReported) + ' reported, soak ' + duration(s.gate.soakSeconds) + '</span><span>then ' + esc(s.gate.onFailure.toLowerCase()) + ' on failure</span></div></div>';
    }
    return '<div class="stage' + (isCurrent ? ' current' : '') + '" data-stage="' + s.index + '">' +
      '<div class="stage-head"><div class="stage-title">Stage ' + (s.index + 1) + '<span class="share">· ' + pct(s.percentageBp) + '</span></div>' + pill(s.state) + '</div>' +
      progressBar(s) +
      '<div class="stage-counts"><div><div class="n">' + fmt(s.reached) + '</div><div class="l">reached</div></div>' +
      '<div><div class="n" style="color:var(--green)">' + fmt(s.succeeded) + '</div><div class="l">succeeded</div></div>' +
      '<div><div class="n" style="color:var(--red)">' + fmt(s.failed) + '</div><div class="l">failed</div></div>' +
      '<div><div class="n" style="color:var(--blue)">' + fmt(s.inProgress) + '</div><div class="l">in progress</div></div></div>' +
      gate + '<div class="bar-caption" style="margin-top:8px">' + (s.startTime ? 'Reached ' + esc(when(s.startTime)) : 'Not reached yet') + '</div></div>';
  }

  function duration(seconds) {
    if (!seconds) return 'none';
    if (seconds % 3600 === 0) return (seconds / 3600) + ' h';
    if (seconds % 60 === 0) return (seconds / 60) + ' min';
    return seconds + ' s';
  }

  function actionButtons(r) {
    if (!me.may.operateRollouts) return '';
    const live = r.state === 'RUNNING' || r.state === 'PAUSED';
    const last = r.currentStage >= r.stages.length - 1;
    let html = '';
    if (r.state === 'RUNNING') html += '<button class="btn btn-warn" id="action-pause" data-action="pause">Pause</button>';
    if (r.state === 'PAUSED') html += '<button class="btn btn-primary" id="action-resume" data-action="resume">Resume</button>';
    if (live && !last) html += '<button class="btn" id="action-advance" data-action="advance">Advance to stage ' + (r.currentStage + 2) + '</button>';
    if (live) html += '<button class="btn btn-danger" id="action-abort" data-action="abort">Abort</button>';
    if (r.state === 'DRAFT') html += '<button class="btn btn-primary" id="action-start" data-action="start">Start</button>';
    else html += '<button class="btn btn-danger" id="action-rollback" data-action="rollback">Roll back</button>';
    return html;
  }

  function renderRollout() {
    const r = current.rollout;
    const t = r.totals;
    const reported = t.succeeded + t.failed;
    const failureRate = reported ? (100 * t.failed / reported).toFixed(1) + '%' : '—';
    const targets = r.targets.map(x => '<tr><td class="nowrap"><div class="primary">' + esc(x.ecu) + '</div><div class="secondary">' + esc(x.hardwareId) + '</div></td><td class="mono">' + esc(x.version) +
      '</td><td class="num nowrap">' + bytes(x.length) + '</td><td class="digest nowrap" title="' + esc(x.sha256) + '">' + esc(short(x.sha256, 12)) + '</td></tr>').join('');
    view.innerHTML =
      '<div class="page-head"><div class="titles"><div class="breadcrumb"><a href="#/rollouts">Rollouts</a> / <span class="mono">' + esc(r.id) + '</span></div>' +
      '<div class="title-row"><h1 id="rollout-title">' + esc(r.displayName) + '</h1><span id="rollout-state" data-state="' + esc(r.state) + '">' + pill(r.state, true) + '</span></div>' +
      '<div class="subtitle"><span>Release <a href="#/releases/' + esc(idOf(r.release)) + '" class="mono">' + esc(idOf(r.release)) + '</a></span>' +
      '<span>Selector <code>' + esc(r.selector || 'every vehicle') + '</code></span>' +
      (r.rollbackOf ? '<span>Rolls back <a class="mono" href="#/rollouts/' + esc(idOf(r.rollbackOf)) + '">' + esc(short(idOf(r.rollbackOf), 8)) + '</a></span>' : '') +
      '<span>Stage <b>' + (r.currentStage + 1) + '</b> of ' + r.stages.length + '</span>' +
      '<span>Created by ' + esc(r.createdBy) + ' · ' + esc(when(r.createTime)) + '</span></div></div>' +
      '<div class="actions" id="rollout-actions">' + actionButtons(r) + '</div></div>' +
      '<div class="kpis">' +
      kpi('Reached', fmt(t.reached), 'vehicles told to install', '', 'kpi-reached') +
      kpi('Succeeded', fmt(t.succeeded), t.reached ? (100 * t.succeeded / t.reached).toFixed(1) + '% of reached' : '', 'succeeded', 'kpi-succeeded') +
      kpi('Failed', fmt(t.failed), 'incl. rolled back after boot', 'failed', 'kpi-failed') +
      kpi('In progress', fmt(t.inProgress), 'downloading or installing', 'progress', 'kpi-in-progress') +
      kpi('Failure rate', failureRate, fmt(reported) + ' final outcomes', '', 'kpi-failure-rate') + '</div>' +
      (r.state === 'DRAFT' ? reachCard(r, current.reach) : '') +
      '<div class="card"><div class="card-head"><h2>Stages</h2>' + legend() + '</div><div class="card-body"><div class="stages">' +
      r.stages.map(s => stageCard(s, r)).join('') + '</div></div></div>' +
      '<div class="grid grid-2"><div class="card"><div class="card-head"><h2>Outcomes over time</h2><span class="muted" style="font-size:12px">vehicles, all stages</span></div>' +
      '<div class="card-body" id="chart">' + chart(current.samples) + '</div></div>' +
      '<div class="card"><div class="card-head"><h2>Release images</h2></div><div class="card-body flush"><table><thead><tr><th>ECU / hardware</th><th>Version</th><th class="num">Size</th><th>SHA-256</th></tr></thead><tbody>' +
      (targets || '<tr><td colspan="4" class="muted">No images</td></tr>') + '</tbody></table></div></div></div>' +
      '<div class="card"><div class="card-head"><h2>Audit trail</h2><span class="muted" style="font-size:12px">every transition with its cause and actor</span></div><div class="card-body flush" id="audit">' + audit(current.events) + '</div></div>';
    view.querySelectorAll('[data-action]').forEach(b => b.addEventListener('click', () => openAction(b.dataset.action)));
  }

  // what a draft would reach if started now (DryRunRollout); reach is undefined while it loads, an error object if refused
  function reachCard(r, reach) {
    let body;
    if (reach === undefined) body = '<div class="loading">Counting the fleet…</div>';
    else if (reach.message) body = '<div class="note warn">' + esc((reach.service || 'console') + ': ' + reach.message) + '</div>';
    else {
      const blocked = reach.blockedIncompatibleHardware + reach.blockedAlreadyCurrent + reach.blockedByOtherRollout;
      body = '<div class="reach">' +
        '<div class="reach-figures">' + kpi('Selected', fmt(reach.selected), 'vehicles the selector matches') +
        kpi('Reached at 100%', fmt(reach.stageVehicles[reach.stageVehicles.length - 1] || 0), 'after the last stage', 'progress') +
        kpi('Blocked', fmt(blocked), fmt(reach.blockedIncompatibleHardware) + ' hardware · ' + fmt(reach.blockedAlreadyCurrent) + ' current · ' +
          fmt(reach.blockedByOtherRollout) + ' held by another rollout', blocked ? 'failed' : '') + '</div>' +
        '<table><thead><tr><th>Stage</th><th class="num">Share</th><th class="num">Vehicles (cumulative)</th><th style="width:45%"></th></tr></thead><tbody>' +
        r.stages.map((s, i) => {
          const n = reach.stageVehicles[i] || 0;
          return '<tr><td>Stage ' + (i + 1) + '</td><td class="num">' + pct(s.percentageBp) + '</td><td class="num">' + fmt(n) + '</td><td><div class="track"><span style="width:' +
            (reach.selected ? (100 * n / reach.selected).toFixed(1) : 0) + '%"></span></div></td></tr>';
        }).join('') + '</tbody></table></div>';
    }
    return '<div class="card" id="reach"><div class="card-head"><h2>Reach if started now</h2><span class="muted" style="font-size:12px">dry run over the fleet, as check-in would decide</span></div>' +
      '<div class="card-body">' + body + '</div></div>';
  }

  function audit(events) {
    if (!events || events.length === 0) return '<div class="empty">No transitions yet.</div>';
    return '<table><thead><tr><th>#</th><th>Time</th><th>Transition</th><th>Stage</th><th>Actor</th><th>Reason</th></tr></thead><tbody>' +
      events.slice().reverse().map(e => '<tr><td class="muted">' + e.sequence + '</td><td class="nowrap">' + esc(when(e.time)) + '</td><td class="nowrap">' +
        (e.fromState ? pill(e.fromState) + ' <span class="faint">→</span> ' : '') + pill(e.toState) + '</td><td>' + (e.stage + 1) + '</td>' +
        '<td><span class="tag">' + esc((e.actorKind || '').toLowerCase()) + '</span>' + esc(e.actor) + '</td><td>' + esc(e.reason || '—') + '</td></tr>').join('') +
      '</tbody></table>';
  }

  function chart(samples) {
    if (!samples || samples.length < 2) {
      return '<div class="empty">The chart fills in as vehicles report; samples are taken while the rollout is watched.</div>';
    }
    const W = 640; const H = 260; const L = 44; const R = 12; const T = 12; const B = 28;
    const t0 = new Date(samples[0].time).getTime();
    const t1 = Math.max(t0 + 1000, new Date(samples[samples.length - 1].time).getTime());
    const max = Math.max(4, ...samples.map(s => Math.max(s.succeeded, s.failed, s.inProgress)));
    const step = tickStep(max);
    const ticks = Math.ceil(max / step);
    const nice = step * ticks;
    const x = t => L + (W - L - R) * (new Date(t).getTime() - t0) / (t1 - t0);
    const y = v => T + (H - T - B) * (1 - v / nice);
    let svg = '<svg class="chart" viewBox="0 0 ' + W + ' ' + H + '" preserveAspectRatio="none" role="img" aria-label="Outcomes over time">';
    for (let i = 0; i <= ticks; i++) {
      const v = step * i; const yy = y(v).toFixed(1);
      svg += '<line class="grid-line" x1="' + L + '" x2="' + (W - R) + '" y1="' + yy + '" y2="' + yy + '"/>' +
        '<text class="axis-label" x="' + (L - 8) + '" y="' + (Number(yy) + 4) + '" text-anchor="end">' + fmt(Math.round(v)) + '</text>';
    }
    for (let i = 0; i <= 4; i++) {
      const tt = t0 + (t1 - t0) * i / 4;
      const label = new Date(tt).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' });
      svg += '<text class="axis-label" x="' + x(tt).toFixed(1) + '" y="' + (H - 8) + '" text-anchor="' + (i === 0 ? 'start' : i === 4 ? 'end' : 'middle') + '">' + label + '</text>';
    }
    const series = [['succeeded', '#22a45d'], ['inProgress', '#3b82f6'], ['failed', '#e0474c']];
    for (const [key, color] of series) {
      // counts hold until the next sample: draw steps, not slopes
      const points = samples.flatMap((s, i) => {
        const xx = x(s.time).toFixed(1);
        const step = i > 0 ? [xx + ',' + y(samples[i - 1][key]).toFixed(1)] : [];
        return step.concat(xx + ',' + y(s[key]).toFixed(1));
      });
      svg += '<polygon class="area" fill="' + color + '" points="' + L + ',' + y(0).toFixed(1) + ' ' + points.join(' ') + ' ' + x(samples[samples.length - 1].time).toFixed(1) + ',' + y(0).toFixed(1) + '"/>';
      svg += '<polyline class="line" stroke="' + color + '" points="' + points.join(' ') + '"/>';
    }
    svg += '</svg>';
    return svg + '<div class="legend" style="margin-top:8px"><span><i style="background:#22a45d"></i>Succeeded</span><span><i style="background:#3b82f6"></i>In progress</span><span><i style="background:#e0474c"></i>Failed</span></div>';
  }

  // the smallest whole step of 1, 2 or 5 times a power of ten that covers max in at most five gridlines
  function tickStep(max) {
    for (let p = 1; ; p *= 10) {
      for (const m of [1, 2, 5]) { if (m * p * 5 >= max) return m * p; }
    }
  }

  async function showRollout(token, id) {
    title('Rollout');
    const detail = await api('/api/rollouts/' + encodeURIComponent(id));
    if (token !== routeToken) return;
    current = detail;
    title(detail.rollout.displayName);
    renderRollout();
    if (detail.rollout.state === 'DRAFT') loadReach(token, id);
    if (finished(detail.rollout)) return;
    openStream('/api/rollouts/' + encodeURIComponent(id) + '/stream', update => {
      if (token !== routeToken || !current) return;
      const wasDraft = current.rollout.state === 'DRAFT';
      current.rollout = update.rollout;
      if (update.sample) {
        const last = current.samples[current.samples.length - 1];
        if (!last || last.time !== update.sample.time) current.samples.push(update.sample);
      }
      if (update.events) current.events = update.events;
      if (!wasDraft && update.rollout.state === 'DRAFT') loadReach(token, id);
      // a finished rollout changes no more: rollout-service ends the watch, and the page stops listening
      if (finished(update.rollout)) closeStream();
      if (!document.getElementById('action-dialog').open) renderRollout();
    });
  }

  function finished(r) { return r.state === 'COMPLETED' || r.state === 'ABORTED'; }

  async function loadReach(token, id) {
    let reach;
    try {
      reach = await api('/api/rollouts/' + encodeURIComponent(id) + '/reach');
    } catch (error) {
      reach = error;
    }
    if (token !== routeToken || !current) return;
    current.reach = reach;
    if (!document.getElementById('action-dialog').open) renderRollout();
  }

  // ---------- actions

  const dialog = document.getElementById('action-dialog');
  let pendingAction = null;

  const ACTIONS = {
    pause: { title: 'Pause rollout', verb: 'Pause', cls: 'btn btn-primary', help: 'No further vehicle is told to install until the rollout is resumed. Vehicles already installing finish.' },
    resume: { title: 'Resume rollout', verb: 'Resume', cls: 'btn btn-primary', help: 'The rollout continues at its current stage.' },
    advance: { title: 'Advance to the next stage', verb: 'Advance', cls: 'btn btn-primary', help: 'Overrides the current stage\'s gate and reaches more vehicles now. A reason is required.', required: true },
    abort: { title: 'Abort rollout', verb: 'Abort rollout', cls: 'btn btn-danger solid', help: 'Ends the rollout for good: no further vehicle is told to install. This cannot be undone.' },
    rollback: { title: 'Roll back', verb: 'Roll back', cls: 'btn btn-danger solid', required: true, missing: 'Say why the rollout is rolled back.',
      help: 'Ends this rollout (aborted) and creates a draft rollout of the release it superseded for exactly the vehicles that took this one. You review and start the draft.' },
    start: { title: 'Start rollout', verb: 'Start', cls: 'btn btn-primary', noReason: true, help: 'Makes the rollout live at its first stage: its vehicles are told to install at their next check-in.' }
  };

  function openAction(action) {
    const a = ACTIONS[action];
    pendingAction = action;
    document.getElementById('action-title').textContent = a.title + (current ? ': ' + current.rollout.displayName : '');
    document.getElementById('action-help').textContent = a.help;
    document.getElementById('action-reason-label').textContent = a.required ? 'Reason (required)' : 'Reason (optional)';
    document.getElementById('action-reason-label').hidden = !!a.noReason;
    const reason = document.getElementById('action-reason');
    reason.hidden = !!a.noReason;
    reason.value = '';
    reason.required = !!a.required;
    const confirm = document.getElementById('action-confirm');
    confirm.textContent = a.verb;
    confirm.className = a.cls;
    confirm.disabled = false;
    document.getElementById('action-error').hidden = true;
    dialog.showModal();
    reason.focus();
  }

  document.getElementById('action-cancel').addEventListener('click', () => dialog.close());
  document.getElementById('action-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const action = pendingAction;
    const reason = document.getElementById('action-reason').value.trim();
    const errorBox = document.getElementById('action-error');
    if (ACTIONS[action].required && !reason) {
      errorBox.textContent = ACTIONS[action].missing || 'Say why the gate is overridden.';
      errorBox.hidden = false;
      return;
    }
    const confirm = document.getElementById('action-confirm');
    confirm.disabled = true;
    const body = { reason: reason };
    if (action === 'advance') body.expectedStage = current.rollout.currentStage;
    try {
      const rollout = await api('/api/rollouts/' + encodeURIComponent(current.rollout.id) + '/' + action, {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body)
      });
      dialog.close();
      clearError();
      if (rollout.id !== current.rollout.id) {
        // a rollback answers the new draft: show it
        location.hash = '#/rollouts/' + rollout.id;
        return;
      }
      current.rollout = rollout;
      renderRollout();
    } catch (error) {
      dialog.close();
      showError(error);
    }
  });

  // ---------- fleet

  // #/fleet?vin=LSJ&select=model%20%3D%20'SU7'
  function fleetHash(vin, selector) {
    const q = [];
    if (vin) q.push('vin=' + encodeURIComponent(vin));
    if (selector) q.push('select=' + encodeURIComponent(selector));
    return '#/fleet' + (q.length ? '?' + q.join('&') : '');
  }

  async function showFleet(token, query) {
    title('Fleet');
    closeStream();
    const params = new URLSearchParams(query || '');
    const vinPrefix = params.get('vin') || '';
    const selector = params.get('select') || '';
    view.innerHTML = '<div class="page-head"><div class="titles"><h1>Fleet</h1><div class="subtitle">Find vehicles by VIN prefix or by attribute, and see what their ECUs run.</div></div></div>' +
      '<form class="card search-card" id="fleet-form"><div class="field"><label for="vin-prefix">VIN prefix</label>' +
      '<input type="search" id="vin-prefix" class="vin" placeholder="e.g. LSJW" maxlength="17" value="' + esc(vinPrefix) + '"></div>' +
      '<div class="field grow"><label for="selector">Attribute selector</label><input type="text" id="selector" class="mono" placeholder="model = \'SU7\' and region != \'EU\'" maxlength="1024" value="' + esc(selector) + '"></div>' +
      '<button class="btn btn-primary" type="submit" id="fleet-search">Search</button></form>' +
      '<div id="fleet-results"><div class="loading">Searching…</div></div>';
    document.getElementById('fleet-form').addEventListener('submit', e => {
      e.preventDefault();
      location.hash = fleetHash(document.getElementById('vin-prefix').value.trim().toUpperCase(), document.getElementById('selector').value.trim());
    });
    const page = await api('/api/vehicles?vinPrefix=' + encodeURIComponent(vinPrefix) + '&selector=' + encodeURIComponent(selector));
    if (token !== routeToken) return;
    const vehicles = page.items;
    const rows = vehicles.map(v => '<tr class="link" data-vin="' + esc(v.vin) + '" data-href="#/fleet/' + esc(v.vin) + '"><td class="mono primary">' + esc(v.vin) + '</td><td class="tags">' +
      Object.entries(v.attributes).map(([k, val]) => '<span class="tag">' + esc(k) + '=' + esc(val) + '</span>').join('') + '</td><td>' +
      v.ecus.map(e => '<span class="tag">' + esc(e.ecu) + ' <b>' + esc(e.installedVersion || '—') + '</b></span>').join('') +
      '</td><td class="nowrap muted">' + esc(ago(v.lastSeenTime)) + '</td></tr>').join('');
    const what = [vinPrefix && 'a VIN starting with “' + vinPrefix + '”', selector && 'attributes matching ' + selector].filter(Boolean).join(' and ');
    const table = vehicles.length === 0 ? '<div class="empty">No vehicle has ' + esc(what || 'checked in yet') + '.</div>'
      : '<table><thead><tr><th>VIN</th><th>Attributes</th><th>ECUs and installed versions</th><th>Last check-in</th></tr></thead><tbody>' + rows + '</tbody></table>';
    const ecus = [...new Set(vehicles.flatMap(v => v.ecus.map(e => e.ecu)))].sort();
    document.getElementById('fleet-results').innerHTML = '<div class="grid grid-side"><div class="card"><div class="card-head"><h2>Vehicles</h2><span class="muted" style="font-size:12px">' +
      fmt(vehicles.length) + (page.nextPageToken ? '+ (first 50 shown; narrow the search)' : ' found') + '</span></div><div class="card-body flush">' + table + '</div></div>' +
      '<div class="card" id="distribution"><div class="card-head"><h2>Installed versions</h2><span class="muted" style="font-size:12px">' +
      (selector ? 'matching vehicles' : 'whole fleet') + '</span></div><div class="card-body">' +
      (ecus.length ? ecus.map(ecu => '<div class="dist" data-ecu="' + esc(ecu) + '"><h3>' + esc(ecu) + '</h3><div class="loading">Counting…</div></div>').join('')
        : '<div class="empty">No ECUs reported.</div>') + '</div></div></div>';
    // the whole fleet's (or the selector's) versions of each ECU the found vehicles have, from checkin-service
    await Promise.all(ecus.map(async ecu => {
      let html;
      try {
        const counts = await api('/api/versions?ecu=' + encodeURIComponent(ecu) + '&selector=' + encodeURIComponent(selector));
        html = distribution(counts);
      } catch (error) {
        html = '<div class="note warn">' + esc((error.service || 'console') + ': ' + error.message) + '</div>';
      }
      if (token !== routeToken) return;
      const box = view.querySelector('.dist[data-ecu="' + CSS.escape(ecu) + '"]');
      if (box) box.innerHTML = '<h3>' + esc(ecu) + '</h3>' + html;
    }));
  }

  const DIST_COLORS = ['#2563eb', '#22a45d', '#f0a020', '#8b5cf6', '#0ea5e9', '#e0474c', '#64748b'];

  // a stacked bar of the whole and one row per version, most common first (as checkin-service orders them)
  function distribution(counts) {
    const total = counts.reduce((a, c) => a + c.vehicles, 0);
    if (!total) return '<div class="muted">No vehicle reports this ECU.</div>';
    const color = i => DIST_COLORS[Math.min(i, DIST_COLORS.length - 1)];
    const share = n => (100 * n / total).toFixed(1) + '%';
    return '<div class="dist-stack" role="img" aria-label="versions of ' + fmt(total) + ' vehicles">' +
      counts.map((c, i) => '<span style="width:' + share(c.vehicles) + ';background:' + color(i) + '" title="' + esc(c.version || 'unknown') + ': ' + fmt(c.vehicles) + '"></span>').join('') + '</div>' +
      counts.map((c, i) => '<div class="dist-row" data-version="' + esc(c.version) + '"><span class="mono"><i style="background:' + color(i) + '"></i>' + esc(c.version || 'unknown') +
        '</span><div class="track"><span style="width:' + share(c.vehicles) + ';background:' + color(i) + '"></span></div><span class="num">' + fmt(c.vehicles) +
        '</span><span class="num muted">' + share(c.vehicles) + '</span></div>').join('') +
      '<div class="bar-caption">' + fmt(total) + ' vehicles</div>';
  }

  function historyRows(events) {
    return events.map(e =>
      '<tr><td class="nowrap">' + esc(when(e.occurTime || e.receiveTime)) + '</td><td>' + pill(e.phase) +
      '</td><td>' + (e.rollout ? '<a class="mono" href="#/rollouts/' + esc(idOf(e.rollout)) + '">' + esc(short(idOf(e.rollout), 8)) + '</a>' : '—') +
      '</td><td>' + esc([e.errorCode, e.message].filter(Boolean).join(': ') || '—') +
      (e.ecuSerial ? '<div class="secondary mono">ECU ' + esc(e.ecuSerial) + '</div>' : '') + '</td></tr>').join('');
  }

  async function showVehicle(token, vin) {
    title(vin);
    closeStream();
    const detail = await api('/api/vehicles/' + encodeURIComponent(vin));
    if (token !== routeToken) return;
    const v = detail.vehicle;
    const ecus = v.ecus.map(e => '<tr><td class="primary nowrap">' + esc(e.ecu) + (e.primary ? ' <span class="tag">primary</span>' : '') + '</td><td class="mono">' + esc(e.serial) +
      '</td><td>' + esc(e.hardwareId) + '</td><td class="mono">' + esc(e.installedVersion || '—') + '</td><td class="mono muted ellipsis" title="' + esc(e.installedTarget) + '">' + esc(e.installedTarget || '—') + '</td></tr>').join('');
    const history = detail.events.items.length === 0 ? '<div class="empty">No update events yet.</div>' :
      '<table><thead><tr><th>Time</th><th>Phase</th><th>Rollout</th><th>Detail</th></tr></thead><tbody id="history-rows">' +
      historyRows(detail.events.items) + '</tbody></table>';
    view.innerHTML = '<div class="page-head"><div class="titles"><div class="breadcrumb"><a href="#/fleet">Fleet</a> / vehicle</div><h1 class="mono">' + esc(v.vin) + '</h1>' +
      '<div class="subtitle"><span>Last check-in ' + esc(when(v.lastSeenTime)) + ' (' + esc(ago(v.lastSeenTime)) + ')</span><span>Registered ' + esc(when(v.createTime)) + '</span></div></div></div>' +
      '<div class="grid grid-2"><div class="card"><div class="card-head"><h2>ECUs</h2></div><div class="card-body flush"><table><thead><tr><th>ECU</th><th>Serial</th><th>Hardware</th><th>Version</th><th>Target</th></tr></thead><tbody>' +
      (ecus || '<tr><td colspan="5" class="muted">No ECU reported</td></tr>') + '</tbody></table></div></div>' +
      '<div class="card"><div class="card-head"><h2>Attributes</h2></div><div class="card-body"><dl class="kv">' +
      (Object.entries(v.attributes).map(([k, val]) => '<dt>' + esc(k) + '</dt><dd>' + esc(val) + '</dd>').join('') || '<dt>none</dt><dd></dd>') + '</dl></div></div></div>' +
      '<div class="card" id="history"><div class="card-head"><h2>Update history</h2><span class="muted" style="font-size:12px">newest first, as the vehicle reported it</span></div><div class="card-body flush">' + history +
      '</div><div class="card-foot" id="history-more"' + (detail.events.nextPageToken ? '' : ' hidden') + '><button class="btn" id="history-older">Show older events</button></div></div>';
    let next = detail.events.nextPageToken;
    const older = document.getElementById('history-older');
    older.addEventListener('click', async () => {
      older.disabled = true;
      try {
        const page = await api('/api/vehicles/' + encodeURIComponent(vin) + '/events?pageToken=' + encodeURIComponent(next));
        if (token !== routeToken) return;
        document.getElementById('history-rows').insertAdjacentHTML('beforeend', historyRows(page.items));
        next = page.nextPageToken;
        document.getElementById('history-more').hidden = !next;
      } catch (error) {
        showError(error);
      } finally {
        older.disabled = false;
      }
    });
  }

  // ---------- releases and artifacts

  async function showReleases(token) {
    title('Releases');
    closeStream();
    const page = await api('/api/releases');
    if (token !== routeToken) return;
    const rows = page.items.map(r => '<tr class="link" data-href="#/releases/' + esc(r.id) + '"><td><div class="primary">' + esc(r.displayName) + '</div><div class="secondary mono">' + esc(r.id) + '</div></td><td>' +
      pill(r.state) + '</td><td>' + r.artifacts.map(a => '<span class="tag">' + esc(a.ecu) + '</span>').join('') + '</td><td>' + esc(r.createdBy) + '</td><td class="nowrap muted">' + esc(when(r.createTime)) + '</td></tr>').join('');
    view.innerHTML = '<div class="page-head"><div class="titles"><h1>Releases</h1><div class="subtitle">Immutable sets of artifacts, one per ECU, newest first.</div></div></div>' +
      '<div class="card"><div class="card-body flush">' + (rows ? '<table><thead><tr><th>Release</th><th>State</th><th>ECUs</th><th>Created by</th><th>Created</th></tr></thead><tbody>' + rows + '</tbody></table>'
        : '<div class="empty">No releases yet. Create one with <code>otactl release create</code>.</div>') + '</div></div>';
  }

  function artifactRows(list) {
    return list.map(x => {
      const a = x.details || x;
      return '<tr><td class="primary">' + esc(x.ecu || a.targets.map(t => t.ecu).join(', ')) + '</td><td>' + esc((a.kind || '').replace('_', ' ').toLowerCase()) + '</td><td class="mono">' + esc(a.version) +
        '</td><td><div class="mono">' + esc(a.fileName) + '</div><div class="secondary">' + a.targets.map(t => esc(t.ecu + ' / ' + t.hardwareId)).join(', ') + '</div></td><td class="num nowrap">' + bytes(a.length) +
        '</td><td><div class="digest" title="SHA-256 ' + esc(a.sha256) + '">sha256 ' + esc(short(a.sha256, 16)) + '</div><div class="digest" title="SHA-512 ' + esc(a.sha512) + '">sha512 ' + esc(short(a.sha512, 16)) + '</div></td>' +
        '<td><div>' + esc(a.uploadedBy || '—') + '</div><div class="secondary">' + esc([a.ciJob && 'CI ' + a.ciJob, a.commit && 'commit ' + a.commit.substring(0, 10)].filter(Boolean).join(' · ') || 'no CI provenance') + '</div></td></tr>';
    }).join('');
  }

  const ARTIFACT_HEAD = '<thead><tr><th>ECU</th><th>Kind</th><th>Version</th><th>File and hardware</th><th class="num">Size</th><th>Digests</th><th>Provenance</th></tr></thead>';

  async function showRelease(token, id) {
    title('Release');
    closeStream();
    const detail = await api('/api/releases/' + encodeURIComponent(id));
    if (token !== routeToken) return;
    const r = detail.release;
    title(r.displayName);
    const rollouts = detail.rollouts.length === 0 ? '<div class="empty">No rollout uses this release.</div>'
      : '<table><thead><tr><th>Rollout</th><th>State</th><th>Stage</th><th>Progress</th><th>Release</th><th>Updated</th></tr></thead><tbody>' + detail.rollouts.map(rolloutRow).join('') + '</tbody></table>';
    view.innerHTML = '<div class="page-head"><div class="titles"><div class="breadcrumb"><a href="#/releases">Releases</a> / <span class="mono">' + esc(r.id) + '</span></div>' +
      '<div class="title-row"><h1>' + esc(r.displayName) + '</h1>' + pill(r.state, true) + '</div>' +
      '<div class="subtitle"><span>Created by ' + esc(r.createdBy) + ' · ' + esc(when(r.createTime)) + '</span>' +
      (r.supersedes ? '<span>Supersedes <a class="mono" href="#/releases/' + esc(idOf(r.supersedes)) + '">' + esc(idOf(r.supersedes)) + '</a></span>' : '') + '</div></div></div>' +
      '<div class="card"><div class="card-head"><h2>Artifacts per ECU</h2></div><div class="card-body flush"><table>' + ARTIFACT_HEAD + '<tbody>' + artifactRows(r.artifacts) + '</tbody></table></div></div>' +
      '<div class="card" id="signatures"><div class="card-head"><h2>Signatures</h2><span class="muted" style="font-size:12px">what the image repository signed, checked as a vehicle checks it</span></div>' +
      '<div class="card-body">' + (r.targetsVersion ? '<div class="loading">Reading the image repository…</div>'
        : '<div class="note warn">Not signed yet: the release\'s targets are not in the image repository, so no vehicle accepts its images. Sign it with <code>otactl release sign ' + esc(r.name) + '</code>.</div>') + '</div></div>' +
      '<div class="card"><div class="card-head"><h2>Rollouts of this release</h2></div><div class="card-body flush">' + rollouts + '</div></div>' +
      '<div class="card"><div class="card-head"><h2>Release notes</h2></div><div class="card-body">' + (r.notes ? '<pre class="notes">' + esc(r.notes) + '</pre>' : '<span class="muted">No notes.</span>') + '</div></div>';
    if (!r.targetsVersion) return;
    let html;
    try {
      html = signatureDetail(await api('/api/releases/' + encodeURIComponent(id) + '/signatures'));
    } catch (error) {
      html = '<div class="note warn">' + esc((error.service || 'console') + ': ' + error.message) + '</div>';
    }
    if (token !== routeToken) return;
    document.querySelector('#signatures .card-body').innerHTML = html;
  }

  function signatureDetail(sig) {
    const met = sig.validSignatures >= sig.threshold;
    const keys = sig.signatures.map(k => '<tr><td class="mono" title="' + esc(k.keyId) + '">' + esc(short(k.keyId, 16)) + '</td><td>' + esc(k.keyType) + '</td><td>' +
      (k.authorized ? '<span class="tag">targets key</span>' : '<span class="faint">not a targets key of root v' + sig.rootVersion + '</span>') + '</td><td>' +
      (k.valid ? '<span class="check ok">✓ verifies</span>' : '<span class="check bad">✗ does not verify</span>') + '</td></tr>').join('');
    const targets = sig.targets.map(t => '<tr><td><div class="primary">' + esc(t.ecu) + '</div><div class="secondary mono">' + esc(t.name) + '</div></td><td>' + esc(t.hardwareIds.join(', ') || '—') +
      '</td><td class="num">' + (t.releaseCounter == null ? '—' : fmt(t.releaseCounter)) + '</td><td class="num nowrap">' + bytes(t.length) + '</td><td><div class="digest" title="' + esc(t.sha256) + '">sha256 ' +
      esc(short(t.sha256, 16)) + '</div><div class="digest" title="' + esc(t.sha512) + '">sha512 ' + esc(short(t.sha512, 16)) + '</div></td><td>' +
      (t.matchesArtifact ? '<span class="check ok">✓ matches the stored artifact</span>' : '<span class="check bad">✗ differs from the stored artifact</span>') + '</td></tr>').join('');
    return '<div class="sig-summary"><div class="sig-verdict ' + (met ? 'ok' : 'bad') + '">' + (met ? '✓' : '✗') + '</div><div><div class="primary">' +
      (met ? 'Signed: ' : 'Not enough valid signatures: ') + sig.validSignatures + ' of ' + sig.threshold + ' required targets signature' + (sig.threshold === 1 ? '' : 's') + '</div>' +
      '<div class="muted">targets metadata v' + sig.targetsVersion + ' (first to list this release) · expires ' + esc(when(sig.targetsExpires)) + ' · keys and threshold from root v' + sig.rootVersion + '</div></div></div>' +
      '<div class="sig-tables"><div><h3>Signatures</h3><table class="compact"><thead><tr><th>Key id</th><th>Scheme</th><th>Role</th><th>Check</th></tr></thead><tbody>' + keys + '</tbody></table></div>' +
      '<div><h3>Signed targets</h3><table class="compact"><thead><tr><th>ECU / target</th><th>Hardware</th><th class="num">Counter</th><th class="num">Length</th><th>Hashes</th><th></th></tr></thead><tbody>' +
      (targets || '<tr><td colspan="6" class="muted">The targets metadata lists no image of this release.</td></tr>') + '</tbody></table></div></div>';
  }

  async function showArtifacts(token) {
    title('Artifacts');
    closeStream();
    const page = await api('/api/artifacts');
    if (token !== routeToken) return;
    view.innerHTML = '<div class="page-head"><div class="titles"><h1>Artifacts</h1><div class="subtitle">Firmware images, AD models and configuration bundles, stored under their content address; newest first.</div></div></div>' +
      '<div class="card"><div class="card-body flush">' + (page.items.length ? '<table>' + ARTIFACT_HEAD + '<tbody>' + artifactRows(page.items) + '</tbody></table>'
        : '<div class="empty">No artifacts yet. Push one with <code>otactl push</code>.</div>') + '</div></div>';
  }

  // ---------- routing

  const ROUTES = [
    [/^#\/rollouts\/([A-Za-z0-9-]+)$/, 'rollouts', (t, m) => showRollout(t, m[1])],
    [/^#\/rollouts$/, 'rollouts', t => showRollouts(t)],
    [/^#\/fleet\/([A-Z0-9]{17})$/, 'fleet', (t, m) => showVehicle(t, m[1])],
    [/^#\/fleet(?:\?(.*))?$/, 'fleet', (t, m) => showFleet(t, m[1])],
    [/^#\/releases\/([A-Za-z0-9-]+)$/, 'releases', (t, m) => showRelease(t, m[1])],
    [/^#\/releases$/, 'releases', t => showReleases(t)],
    [/^#\/artifacts$/, 'artifacts', t => showArtifacts(t)]
  ];

  async function route() {
    const hash = location.hash || '#/rollouts';
    const token = ++routeToken;
    closeStream();
    clearError();
    current = null;
    if (dialog.open) dialog.close();
    const match = ROUTES.map(([re, section, show]) => [hash.match(re), section, show]).find(([m]) => m);
    if (!match) { location.hash = '#/rollouts'; return; }
    const [m, section, show] = match;
    document.querySelectorAll('#nav a').forEach(a => a.classList.toggle('active', a.dataset.section === section));
    view.innerHTML = '<div class="loading">Loading…</div>';
    try {
      await show(token, m);
    } catch (error) {
      if (token !== routeToken) return;
      view.innerHTML = '<div class="card"><div class="empty">This page could not be loaded.</div></div>';
      showError(error);
    }
  }

  view.addEventListener('click', e => {
    if (e.target.closest('a, button')) return;
    const row = e.target.closest('tr[data-href]');
    if (row) location.hash = row.dataset.href;
  });

  async function start() {
    try {
      me = await api('/api/me');
    } catch (error) {
      showError(error);
    }
    document.getElementById('user-name').textContent = me.name;
    document.getElementById('user-roles').innerHTML = me.roles.map(r => '<span class="role-chip">' + esc(r) + '</span>').join('') ||
      '<span class="role-chip">no platform role</span>';
    window.addEventListener('hashchange', route);
    route();
  }

  start();
})();
