/*
 * The Limit-to admin page. It only calls the admin REST API (docs/rest-api.md) with the
 * administrator's login; it keeps nothing. Everything that comes from the server or from a user
 * (labels, rule lines, audit URLs, messages) is put on the page as text (textContent, text
 * nodes), never as HTML. The page's Content-Security-Policy allows no inline script or style.
 */
(function () {
  'use strict';

  var PAGE = '/plugins/servlet/limit-to/admin';
  var path = location.pathname;
  var context = path.slice(0, path.lastIndexOf(PAGE));
  var API = location.origin + context + '/rest/limit-to/1.0';
  var LINT_DELAY_MS = 300;
  var PAGE_SIZE = 50;

  var state = {
    settings: {},
    tokens: [],
    sort: { key: 'dateCreated', dir: -1 },
    audit: { startAt: 0, total: 0 },
    pendingRevoke: null,
    chart: null,
    lintSeq: 0,
    ownerSeq: 0,
    issues: []
  };

  // ---- small helpers

  function $(id) { return document.getElementById(id); }

  /** An element with attributes and children; strings become text nodes. */
  function el(tag, attrs) {
    var e = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        if (k === 'style' || k.slice(0, 2) === 'on') {
          throw new Error('el: no inline style or handlers');
        }
        if (attrs[k] !== null && attrs[k] !== undefined && attrs[k] !== false) {
          e.setAttribute(k, attrs[k] === true ? '' : String(attrs[k]));
        }
      });
    }
    for (var i = 2; i < arguments.length; i++) {
      var c = arguments[i];
      if (c === null || c === undefined) { continue; }
      e.appendChild(typeof c === 'string' || typeof c === 'number'
        ? document.createTextNode(String(c)) : c);
    }
    return e;
  }

  function clear(node) {
    while (node.firstChild) { node.removeChild(node.firstChild); }
  }

  function setText(id, text) { $(id).textContent = text == null ? '' : String(text); }

  /** 2026-03-01 10:00 (UTC), or the fallback for null. */
  function time(iso, fallback) {
    if (!iso) { return fallback; }
    var d = new Date(iso);
    if (isNaN(d.getTime())) { return String(iso); }
    return d.toISOString().slice(0, 16).replace('T', ' ');
  }

  function showMessage(text, kind) {
    var m = $('message');
    m.textContent = text;
    m.className = 'message ' + (kind || 'error');
    m.hidden = !text;
  }

  /** An error of the API as a person reads it: the message, or what happened. */
  function describe(err) {
    if (err && err.body && err.body.message) { return err.body.message; }
    if (err && err.status) { return 'The server answered ' + err.status + '.'; }
    return 'The server could not be reached: ' + (err && err.message ? err.message : err);
  }

  // ---- the REST API

  function ApiError(status, body) {
    this.status = status;
    this.body = body;
    this.message = body && body.message ? body.message : 'HTTP ' + status;
  }

  function api(method, route, body) {
    var headers = { 'Accept': 'application/json' };
    var init = { method: method, headers: headers, credentials: 'same-origin', cache: 'no-store' };
    if (method !== 'GET') {
      // Atlassian's XSRF convention; the API refuses state-changing calls without it
      headers['X-Atlassian-Token'] = 'no-check';
    }
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    return fetch(API + route, init).then(function (r) {
      return r.text().then(function (text) {
        var data = null;
        if (text) {
          try { data = JSON.parse(text); } catch (e) { data = null; }
        }
        if (!r.ok) { throw new ApiError(r.status, data); }
        return data;
      });
    });
  }

  function query(params) {
    var parts = [];
    Object.keys(params).forEach(function (k) {
      var v = params[k];
      if (v !== '' && v !== null && v !== undefined && v !== false) {
        parts.push(encodeURIComponent(k) + '=' + encodeURIComponent(String(v)));
      }
    });
    return parts.length ? '?' + parts.join('&') : '';
  }

  // ---- views

  var VIEWS = ['tokens', 'create', 'tester', 'audit'];

  function route() {
    var name = location.hash.replace('#', '') || 'tokens';
    if (VIEWS.indexOf(name) < 0) { name = 'tokens'; }
    VIEWS.forEach(function (v) {
      $('view-' + v).hidden = v !== name;
      var tab = $('tab-' + v);
      if (v === name) { tab.setAttribute('aria-current', 'page'); } else { tab.removeAttribute('aria-current'); }
    });
    document.body.setAttribute('data-view', name);
    if (name === 'audit') { loadAudit(); }
    if (name === 'create') { renderEditor(); }
  }

  // ---- settings

  function loadSettings() {
    return api('GET', '/settings').then(function (s) {
      var byName = {};
      s.settings.forEach(function (x) { byName[x.name] = x; });
      state.settings = byName;
      var secure = byName.secureMode && byName.secureMode.value;
      var life = byName.maxLifetime && byName.maxLifetime.value;
      setText('settings', (byName.authType ? byName.authType.value : '?') + ' auth · secure mode '
        + (secure ? 'on' : 'off') + ' · maximum lifetime ' + (life ? days(life) : 'none'));
      $('settings').title = s.settings.map(function (x) {
        return x.property + ' = ' + (x.value !== null && typeof x.value === 'object'
          ? JSON.stringify(x.value) : x.value) + ' (' + x.source + ')';
      }).join('\n');
      // empty means the maximum lifetime, or no expiry where there is none
      $('create-days').placeholder = life ? days(life).replace(' days', '') : 'never';
      $('create-days').title = life ? 'Empty: the maximum lifetime, ' + days(life) : 'Empty: never expires';
      var base = byName.baseUrl ? byName.baseUrl.value : '';
      setText('base-url', base ? '(' + base + ')' : '');
      if (!$('try-target').value) {
        var basePath = '';
        try { basePath = new URL(base).pathname.replace(/\/$/, ''); } catch (e) { basePath = ''; }
        $('try-target').value = basePath + '/rest/api/2/myself';
      }
    });
  }

  /** PT8760H as "365 days"; other durations as they are. */
  function days(iso) {
    var m = /^PT(\d+)H$/.exec(iso);
    if (m && Number(m[1]) % 24 === 0) { return Number(m[1]) / 24 + ' days'; }
    m = /^P(\d+)D$/.exec(iso);
    return m ? m[1] + ' days' : iso;
  }

  // ---- tokens

  function loadTokens() {
    var all = [];
    function pageFrom(start) {
      return api('GET', '/tokens' + query({ startAt: start, maxResults: 200 })).then(function (p) {
        all = all.concat(p.values);
        return p.isLast || p.values.length === 0 ? all : pageFrom(start + p.values.length);
      });
    }
    return pageFrom(0).then(function (list) {
      state.tokens = list;
      renderTokens();
      fillTokenChoices();
    });
  }

  function ruleText(t) {
    if (t.unrestricted) { return 'unrestricted'; }
    if (t.ruleLines === null) { return 'does not compile'; }
    return t.ruleLines + (t.ruleLines === 1 ? ' line' : ' lines');
  }

  function sortValue(t, key) {
    var v = t[key];
    if (key === 'ruleLines') { return t.unrestricted ? -1 : (v === null ? -2 : v); }
    if (key === 'validUntil' && v === null) { return '9999'; }
    if (v === null || v === undefined) { return ''; }
    return typeof v === 'string' ? v.toLowerCase() : v;
  }

  function renderTokens() {
    var q = $('token-search').value.trim().toLowerCase();
    var wanted = $('token-state').value;
    var key = state.sort.key;
    var dir = state.sort.dir;
    var rows = state.tokens.filter(function (t) {
      if (wanted && t.state !== wanted) { return false; }
      if (!q) { return true; }
      return [t.label, t.userName || '', t.id, t.ip.join(' '), t.createdBy || '']
        .join('\n').toLowerCase().indexOf(q) >= 0;
    }).sort(function (a, b) {
      var x = sortValue(a, key);
      var y = sortValue(b, key);
      return (x < y ? -1 : x > y ? 1 : 0) * dir || (a.dateCreated < b.dateCreated ? 1 : -1);
    });
    var body = $('token-rows');
    clear(body);
    rows.forEach(function (t) {
      var actions = el('td', { 'class': 'row-actions' },
        el('button', { type: 'button', 'class': 'link', 'data-audit': t.id }, 'Audit'),
        el('button', { type: 'button', 'class': 'link', 'data-try': t.id }, 'Try'));
      if (t.state !== 'revoked') {
        actions.appendChild(el('button', { type: 'button', 'class': 'danger small', 'data-revoke': t.id }, 'Revoke'));
      }
      var rules = el('td', { 'class': 'rules' + (t.unrestricted ? ' warn' : t.ruleLines === null ? ' bad' : '') },
        ruleText(t));
      if (!t.unrestricted && t.limitTo) { rules.title = t.limitTo; }
      body.appendChild(el('tr', { 'data-id': t.id, 'class': 'state-' + t.state },
        el('td', null, el('span', { 'class': 'badge ' + t.state }, t.state)),
        el('td', null, t.userName === null ? el('em', null, 'unbound') : t.userName),
        el('td', { 'class': 'label' }, el('span', { 'class': 'label-text' }, t.label),
          el('span', { 'class': 'id' }, t.id)),
        el('td', { 'class': 'time' }, time(t.dateCreated, '')),
        el('td', { 'class': 'time' }, t.state === 'revoked' ? 'revoked ' + time(t.revokedAt, '') : time(t.validUntil, 'never')),
        el('td', { 'class': 'time' }, time(t.lastUsed, 'never')),
        el('td', { 'class': 'num' }, t.counter),
        rules,
        el('td', { 'class': 'ip' }, t.ip.length ? t.ip.join(', ') : 'any'),
        actions));
    });
    $('token-empty').hidden = rows.length > 0;
    var n = state.tokens.length;
    setText('token-count', (rows.length === n ? '' : rows.length + ' of ') + n + (n === 1 ? ' token' : ' tokens'));
    setText('tab-tokens', 'Tokens (' + state.tokens.filter(function (t) { return t.state === 'active'; }).length + ' active)');
    Array.prototype.forEach.call(document.querySelectorAll('#token-table th button'), function (b) {
      var th = b.parentNode;
      if (b.getAttribute('data-sort') === key) {
        th.setAttribute('aria-sort', dir > 0 ? 'ascending' : 'descending');
      } else {
        th.removeAttribute('aria-sort');
      }
    });
  }

  function fillTokenChoices() {
    var owners = {};
    state.tokens.forEach(function (t) { if (t.userName) { owners[t.userName] = true; } });
    var list = $('owners');
    clear(list);
    Object.keys(owners).sort().forEach(function (o) { list.appendChild(el('option', { value: o })); });
    [['audit-token', 'every token'], ['try-source', 'the rules below']].forEach(function (pair) {
      var sel = $(pair[0]);
      var keep = sel.value;
      clear(sel);
      sel.appendChild(el('option', { value: '' }, pair[1]));
      state.tokens.forEach(function (t) {
        sel.appendChild(el('option', { value: t.id }, t.label + ' · ' + (t.userName || 'unbound') + ' · ' + t.id));
      });
      sel.value = keep;
    });
  }

  // ---- the owner picker: the host's users, searched as the admin types (GET /users)

  var OWNER_SEARCH_DELAY_MS = 200;
  var ownerTimer = null;

  function scheduleOwnerSearch() {
    clearTimeout(ownerTimer);
    ownerTimer = setTimeout(searchOwners, OWNER_SEARCH_DELAY_MS);
  }

  function searchOwners() {
    var seq = ++state.ownerSeq;
    var text = $('create-owner').value.trim();
    return api('GET', '/users' + query({ query: text, maxResults: 20 })).then(function (found) {
      if (seq !== state.ownerSeq) { return; }
      var list = $('owners');
      clear(list);
      found.values.forEach(function (u) {
        var label = u.displayName + (u.emailAddress ? ' \u00b7 ' + u.emailAddress : '');
        list.appendChild(el('option', { value: u.userName, label: label }, label));
      });
      $('create-owner').setAttribute('data-users', String(found.values.length));
    }, function () {
      // no search here (a host without one, or it failed): the owners of existing tokens stay
    });
  }

  function tokenById(id) {
    for (var i = 0; i < state.tokens.length; i++) {
      if (state.tokens[i].id === id) { return state.tokens[i]; }
    }
    return null;
  }

  function askRevoke(id) {
    var t = tokenById(id);
    if (!t) { return; }
    state.pendingRevoke = id;
    setText('revoke-label', t.label);
    setText('revoke-id', t.id);
    setText('revoke-owner', t.userName || 'no owner');
    $('revoke-dialog').showModal();
  }

  function revoke() {
    var id = state.pendingRevoke;
    $('revoke-dialog').close();
    state.pendingRevoke = null;
    if (!id) { return; }
    api('DELETE', '/tokens/' + encodeURIComponent(id)).then(function (t) {
      showMessage('Revoked ' + t.label + ' (' + t.id + ').', 'ok');
      return loadTokens();
    }).catch(function (e) { showMessage(describe(e)); });
  }

  // ---- create, with live lint

  var lintTimer = null;

  function scheduleLint() {
    renderEditor();
    clearTimeout(lintTimer);
    lintTimer = setTimeout(lint, LINT_DELAY_MS);
  }

  function lint() {
    var text = $('create-rules').value;
    var seq = ++state.lintSeq;
    if (!text.trim()) {
      state.issues = [];
      renderIssues();
      return Promise.resolve();
    }
    setText('lint-summary', 'Checking…');
    return api('POST', '/rules/lint', { limitTo: text }).then(function (r) {
      if (seq !== state.lintSeq || text !== $('create-rules').value) { return; }
      state.issues = r.issues;
      renderIssues();
    }).catch(function (e) {
      if (seq === state.lintSeq) { setText('lint-summary', describe(e)); }
    });
  }

  function renderIssues() {
    var list = $('lint-issues');
    clear(list);
    var errors = 0;
    var warnings = 0;
    state.issues.forEach(function (i, n) {
      if (i.severity === 'error') { errors++; } else { warnings++; }
      var item = el('li', { 'class': 'issue ' + i.severity, 'data-line': i.line, 'data-column': i.column },
        el('button', { type: 'button', 'class': 'link pos', 'data-issue': n }, i.line + ':' + i.column),
        ' ', el('span', { 'class': 'sev' }, i.severity), ' ', el('span', { 'class': 'msg' }, i.message));
      list.appendChild(item);
    });
    $('create-rules').setAttribute('aria-invalid', errors > 0 ? 'true' : 'false');
    setText('lint-summary', !$('create-rules').value.trim() ? ''
      : errors + warnings === 0 ? 'No problems found.'
      : errors + (errors === 1 ? ' error, ' : ' errors, ') + warnings + (warnings === 1 ? ' warning' : ' warnings'));
    $('lint-summary').className = 'lint-summary' + (errors ? ' error' : warnings ? ' warning' : ' clean');
    renderEditor();
  }

  /** The issues of one line, sorted by column. */
  function issuesOf(line) {
    return state.issues.filter(function (i) { return i.line === line; })
      .sort(function (a, b) { return a.column - b.column; });
  }

  /** The end column (exclusive, 1-based) of the marker of an issue: to the next blank. */
  function markEnd(text, column) {
    var i = column - 1;
    while (i < text.length && !/\s/.test(text.charAt(i))) { i++; }
    return Math.max(i, column) + 1;
  }

  /**
   * The editor is a plain textarea over a backdrop that holds the same text, with the lint
   * markers as <mark> elements at line:column; the gutter holds line numbers with a marker per
   * line that has issues (the messages on hover). All text nodes.
   */
  function renderEditor() {
    var text = $('create-rules').value;
    var lines = text.split('\n');
    var backdrop = $('editor-backdrop');
    var gutter = $('editor-gutter');
    clear(backdrop);
    clear(gutter);
    lines.forEach(function (line, n) {
      var no = n + 1;
      var found = issuesOf(no);
      var g = el('div', { 'class': 'ln' + (found.length ? ' has-' + worst(found) : '') }, String(no));
      if (found.length) {
        g.title = found.map(function (i) { return no + ':' + i.column + ': ' + i.severity + ': ' + i.message; }).join('\n');
      }
      gutter.appendChild(g);
      var at = 1;
      found.forEach(function (i) {
        var start = Math.max(i.column, at);
        var end = markEnd(line, i.column);
        if (start > line.length + 1) { start = line.length + 1; }
        backdrop.appendChild(document.createTextNode(line.slice(at - 1, start - 1)));
        if (end > start) {
          backdrop.appendChild(el('mark', { 'class': i.severity, 'data-line': no, 'data-column': i.column },
            line.slice(start - 1, end - 1) || ' '));
          at = end;
        } else {
          at = start;
        }
      });
      backdrop.appendChild(document.createTextNode(line.slice(at - 1) + (no < lines.length ? '\n' : ' ')));
    });
    syncScroll();
  }

  function worst(issues) {
    return issues.some(function (i) { return i.severity === 'error'; }) ? 'error' : 'warning';
  }

  function syncScroll() {
    var ta = $('create-rules');
    $('editor-backdrop').scrollTop = ta.scrollTop;
    $('editor-backdrop').scrollLeft = ta.scrollLeft;
    $('editor-gutter').scrollTop = ta.scrollTop;
  }

  /** The message under the pointer, as the textarea's title: the textarea lies over the marks. */
  function hoverIssue(ev) {
    var ta = ev.target;
    var found = null;
    Array.prototype.forEach.call($('editor-backdrop').querySelectorAll('mark'), function (m) {
      var r = m.getBoundingClientRect();
      if (ev.clientX >= r.left && ev.clientX <= r.right && ev.clientY >= r.top && ev.clientY <= r.bottom) {
        found = m;
      }
    });
    if (!found) {
      ta.removeAttribute('title');
      return;
    }
    var line = Number(found.getAttribute('data-line'));
    var column = Number(found.getAttribute('data-column'));
    ta.title = state.issues.filter(function (i) { return i.line === line && i.column === column; })
      .map(function (i) { return line + ':' + column + ': ' + i.severity + ': ' + i.message; }).join('\n');
  }

  function goToIssue(n) {
    var i = state.issues[n];
    if (!i) { return; }
    var ta = $('create-rules');
    var lines = ta.value.split('\n');
    var offset = 0;
    for (var k = 0; k < i.line - 1 && k < lines.length; k++) { offset += lines[k].length + 1; }
    offset += i.column - 1;
    ta.focus();
    ta.setSelectionRange(offset, offset);
  }

  function createToken(ev) {
    ev.preventDefault();
    var unrestricted = $('create-unrestricted').checked;
    var body = {
      userName: $('create-owner').value.trim(),
      label: $('create-label').value
    };
    if (unrestricted) { body.unrestricted = true; } else { body.limitTo = $('create-rules').value; }
    var daysValue = $('create-days').value.trim();
    if (daysValue) { body.validDays = Number(daysValue); }
    var ip = $('create-ip').value.trim();
    if (ip) { body.ip = ip; }
    if ($('create-runas').checked) { body.runAsAllowed = true; }
    $('create-submit').disabled = true;
    setText('create-status', 'Creating…');
    api('POST', '/tokens', body).then(function (t) {
      setText('create-status', '');
      showMessage('', 'ok');
      showCreated(t);
      return loadTokens();
    }).catch(function (e) {
      setText('create-status', describe(e));
      $('create-status').className = 'status error';
      if (e.body && e.body.issues) {
        state.issues = e.body.issues;
        renderIssues();
      }
    }).then(function () { $('create-submit').disabled = false; });
  }

  function showCreated(t) {
    $('create-form').hidden = true;
    $('created').hidden = false;
    setText('created-label', t.label);
    $('created-secret').value = t.secret;
    setText('created-curl', t.snippets ? t.snippets.curl : '');
    setText('created-js', t.snippets ? t.snippets.javascript : '');
    var secure = state.settings.secureMode && state.settings.secureMode.value;
    setText('created-once', secure
      ? 'Copy the token now: secure mode is on, so it is shown here once and never again.'
      : 'Copy the token now: it is shown here once (an administrator can show it again with ./limit-to token show).');
  }

  function doneCreated() {
    // the secret leaves the page: nothing keeps it after this
    $('created-secret').value = '';
    setText('created-curl', '');
    setText('created-js', '');
    $('created').hidden = true;
    $('create-form').reset();
    $('create-form').hidden = false;
    state.issues = [];
    renderIssues();
    location.hash = '#tokens';
  }

  function copy(button) {
    var target = $(button.getAttribute('data-copy'));
    var text = target.value !== undefined && target.tagName === 'INPUT' ? target.value : target.textContent;
    var done = function (ok) {
      var label = button.getAttribute('data-label') || button.textContent;
      button.setAttribute('data-label', label);
      button.textContent = ok ? 'Copied' : 'Select and press Ctrl+C';
      setTimeout(function () { button.textContent = label; }, 2000);
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(function () { done(true); }, function () {
        selectText(target);
        done(false);
      });
    } else {
      selectText(target);
      done(false);
    }
  }

  function selectText(node) {
    if (node.select) { node.select(); return; }
    var range = document.createRange();
    range.selectNodeContents(node);
    var sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
  }

  // ---- rule tester

  function tryRules(ev) {
    ev.preventDefault();
    var source = $('try-source').value;
    var request = { method: $('try-method').value, target: $('try-target').value.trim() };
    var body = $('try-body').value;
    if (body.trim()) {
      request.body = body;
      request.headers = { 'Content-Type': 'application/json' };
    }
    var call = source ? { tokenId: source, request: request } : { limitTo: $('try-rules').value, request: request };
    setText('try-status', 'Trying…');
    $('try-status').className = 'status';
    api('POST', '/rules/try', call).then(function (r) {
      setText('try-status', '');
      showTry(r, source ? (tokenById(source) || {}).limitTo : $('try-rules').value);
    }).catch(function (e) {
      $('try-result').hidden = true;
      setText('try-status', describe(e));
      $('try-status').className = 'status error';
    });
  }

  function showTry(r, text) {
    var lines = (text || '').split('\n');
    var allowed = r.decision === 'ALLOW';
    $('try-result').hidden = false;
    var d = $('try-decision');
    d.className = 'decision ' + (allowed ? 'allow' : 'deny');
    d.textContent = allowed
      ? (r.unrestricted ? 'Allowed: the rules are empty, the token is unrestricted' : 'Allowed by line ' + r.line)
      : 'Refused';
    setText('try-reason', r.reason);
    var list = $('try-lines');
    clear(list);
    r.lines.forEach(function (l) {
      list.appendChild(el('li', { 'class': l.matched ? 'matched' : 'failed' },
        el('span', { 'class': 'mark' }, l.matched ? '✔' : '✘'), ' ',
        el('span', { 'class': 'no' }, 'line ' + l.line), ' ',
        el('code', null, lines[l.line - 1] || ''), ' ',
        el('span', { 'class': 'detail' }, l.detail)));
    });
  }

  function tryToken(id) {
    $('try-source').value = id;
    sourceChanged();
    location.hash = '#tester';
  }

  function sourceChanged() {
    var id = $('try-source').value;
    var t = tokenById(id);
    $('try-rules').readOnly = !!id;
    if (t) { $('try-rules').value = t.unrestricted ? '' : t.limitTo; }
  }

  // ---- audit

  function loadAudit() {
    var token = $('audit-token').value;
    var params = {
      token: token,
      refused: $('audit-refused').checked ? 'true' : '',
      since: $('audit-since').value.trim(),
      startAt: state.audit.startAt,
      maxResults: PAGE_SIZE
    };
    var entries = api('GET', '/audit' + query(params)).then(function (p) {
      state.audit.total = p.total;
      renderAudit(p);
    });
    var chart = api('GET', '/audit/daily' + query({ token: token })).then(function (d) {
      renderChart(d, token);
    });
    return Promise.all([entries, chart]).catch(function (e) { showMessage(describe(e)); });
  }

  function renderAudit(p) {
    var body = $('audit-rows');
    clear(body);
    p.values.forEach(function (e) {
      var admin = e.type === 'ADMIN';
      var refused = e.decision === 'REFUSED';
      var what = admin
        ? el('td', null, el('span', { 'class': 'action' }, e.action),
            e.changedFields && e.changedFields.length ? ' ' + e.changedFields.join(', ') : '')
        : el('td', { 'class': 'url', title: e.url || '' }, el('span', { 'class': 'method' }, e.method || ''), ' ',
            shortUrl(e.url || ''));
      body.appendChild(el('tr', { 'class': admin ? 'admin' : refused ? 'refused' : 'allowed' },
        el('td', { 'class': 'time' }, time(e.time, '')),
        el('td', null, e.tokenLabel || '', el('span', { 'class': 'id' }, e.tokenId || 'unknown token')),
        el('td', null, admin ? e.actor || '' : e.effectiveUser || e.owner || '',
          admin || !e.clientAddress ? null : el('span', { 'class': 'id' }, e.clientAddress)),
        what,
        el('td', null, admin ? el('span', { 'class': 'badge admin' }, 'admin')
          : el('span', { 'class': 'badge ' + (refused ? 'refused' : 'allowed') }, refused ? 'refused' : 'allowed')),
        el('td', { 'class': 'num' }, !admin && e.line ? e.line : ''),
        el('td', { 'class': 'num' }, admin ? '' : e.status || ''),
        el('td', { 'class': 'reason' }, e.reason || '')));
    });
    $('audit-empty').hidden = p.values.length > 0;
    var from = p.total === 0 ? 0 : p.startAt + 1;
    setText('audit-count', from + '–' + (p.startAt + p.values.length) + ' of ' + p.total
      + ', newest first' + (p.unreadableLines ? ' (' + p.unreadableLines + ' damaged lines skipped)' : ''));
    $('audit-newer').disabled = p.startAt === 0;
    $('audit-older').disabled = p.isLast;
  }

  /** A URL of this server without its origin (the whole URL is the cell's title). */
  function shortUrl(url) {
    var base = state.settings.baseUrl ? state.settings.baseUrl.value : '';
    var origin = '';
    try { origin = new URL(base).origin; } catch (e) { origin = ''; }
    return origin && url.indexOf(origin + '/') === 0 ? url.slice(origin.length) : url;
  }

  /** Allowed and refused requests per day as grouped bars (uPlot), or a note without uPlot. */
  function renderChart(d, token) {
    var t = tokenById(token);
    setText('chart-title', 'Requests per day (UTC), ' + (t ? t.label + ' (' + t.id + ')' : 'every token')
      + ', last ' + d.days.length + ' days');
    var box = $('chart');
    if (state.chart) { state.chart.destroy(); state.chart = null; }
    clear(box);
    var xs = d.days.map(function (x) { return Date.parse(x.day + 'T00:00:00Z') / 1000; });
    var allowed = d.days.map(function (x) { return x.allowed; });
    var refused = d.days.map(function (x) { return x.refused; });
    box.setAttribute('data-allowed', allowed.reduce(function (a, b) { return a + b; }, 0));
    box.setAttribute('data-refused', refused.reduce(function (a, b) { return a + b; }, 0));
    if (typeof window.uPlot !== 'function') {
      box.appendChild(el('p', { 'class': 'empty' }, 'The chart library did not load.'));
      return;
    }
    var bars = window.uPlot.paths.bars;
    var day = 86400;
    var width = Math.max(320, box.clientWidth || 720);
    state.chart = new window.uPlot({
      width: width,
      height: 180,
      tzDate: function (ts) { return window.uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'); },
      scales: { x: { time: true, range: function (u, min, max) { return [min - day / 2, max + day / 2]; } },
        y: { range: function (u, min, max) { return [0, Math.max(4, max * 1.15)]; } } },
      axes: [{ space: 60 }, { size: 40, incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 5000, 10000] }],
      legend: { live: true },
      cursor: { points: { show: false } },
      series: [
        { label: 'Day', value: '{YYYY}-{MM}-{DD}' },
        { label: 'Allowed', stroke: '#216e4e', fill: 'rgba(34, 160, 107, 0.75)', paths: bars({ size: [0.4, 40], align: -1 }), points: { show: false } },
        { label: 'Refused', stroke: '#ae2e24', fill: 'rgba(201, 55, 44, 0.8)', paths: bars({ size: [0.4, 40], align: 1 }), points: { show: false } }
      ]
    }, [xs, allowed, refused], box);
  }

  function auditToken(id) {
    $('audit-token').value = id;
    state.audit.startAt = 0;
    if (location.hash === '#audit') { loadAudit(); } else { location.hash = '#audit'; }
  }

  // ---- wiring

  function wire() {
    window.addEventListener('hashchange', route);
    $('token-search').addEventListener('input', renderTokens);
    $('token-state').addEventListener('change', renderTokens);
    $('token-reload').addEventListener('click', function () {
      loadTokens().catch(function (e) { showMessage(describe(e)); });
    });
    document.querySelector('#token-table thead').addEventListener('click', function (ev) {
      var b = ev.target.closest('button[data-sort]');
      if (!b) { return; }
      var key = b.getAttribute('data-sort');
      state.sort = { key: key, dir: state.sort.key === key ? -state.sort.dir : 1 };
      renderTokens();
    });
    $('token-rows').addEventListener('click', function (ev) {
      var b = ev.target.closest('button');
      if (!b) { return; }
      if (b.hasAttribute('data-revoke')) { askRevoke(b.getAttribute('data-revoke')); }
      if (b.hasAttribute('data-audit')) { auditToken(b.getAttribute('data-audit')); }
      if (b.hasAttribute('data-try')) { tryToken(b.getAttribute('data-try')); }
    });
    $('revoke-confirm').addEventListener('click', revoke);
    $('revoke-cancel').addEventListener('click', function () {
      state.pendingRevoke = null;
      $('revoke-dialog').close();
    });

    var ta = $('create-rules');
    ta.addEventListener('input', scheduleLint);
    ta.addEventListener('scroll', syncScroll);
    ta.addEventListener('mousemove', hoverIssue);
    $('lint-issues').addEventListener('click', function (ev) {
      var b = ev.target.closest('button[data-issue]');
      if (b) { goToIssue(Number(b.getAttribute('data-issue'))); }
    });
    $('create-unrestricted').addEventListener('change', function () {
      ta.disabled = $('create-unrestricted').checked;
    });
    $('create-form').addEventListener('submit', createToken);
    $('create-owner').addEventListener('input', scheduleOwnerSearch);
    $('create-owner').addEventListener('focus', scheduleOwnerSearch);
    $('created-done').addEventListener('click', doneCreated);
    Array.prototype.forEach.call(document.querySelectorAll('button.copy'), function (b) {
      b.addEventListener('click', function () { copy(b); });
    });

    $('try-form').addEventListener('submit', tryRules);
    $('try-source').addEventListener('change', sourceChanged);

    $('audit-form').addEventListener('submit', function (ev) {
      ev.preventDefault();
      state.audit.startAt = 0;
      loadAudit();
    });
    $('audit-token').addEventListener('change', function () {
      state.audit.startAt = 0;
      loadAudit();
    });
    $('audit-newer').addEventListener('click', function () {
      state.audit.startAt = Math.max(0, state.audit.startAt - PAGE_SIZE);
      loadAudit();
    });
    $('audit-older').addEventListener('click', function () {
      state.audit.startAt += PAGE_SIZE;
      loadAudit();
    });
    $('api-link').href = API + '/openapi.json';
  }

  function start() {
    wire();
    Promise.all([loadSettings(), loadTokens()]).then(function () {
      document.body.setAttribute('data-ready', 'true');
    }).catch(function (e) {
      showMessage(describe(e));
      document.body.setAttribute('data-ready', 'error');
    });
    route();
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
}());
