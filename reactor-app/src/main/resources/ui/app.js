// The reactor's read-only page: documents, a document's view and operation log, sync status per remote.
// It only reads the JSON API of the instance that served it. Data is shown as text nodes, never as HTML
// (document ids and operation inputs are user data); the server's Content-Security-Policy forbids
// inline scripts as a second line of defence.
'use strict';

(function () {
  const TOKEN_KEY = 'reactor.token';
  const REMOTES_KEY = 'reactor.remotes';
  const DOCUMENTS_PAGE = 50;        // the API allows up to 500
  const OPERATIONS_PAGE = 100;      // the API allows up to 1000
  const SYNC_OPERATIONS_SHOWN = 50; // per remote, of the operations the sync status lists
  const TEXT_LIMIT = 400;           // characters of one operation input shown in the log
  const STATE_LIMIT = 20000;        // characters of a scope's state shown
  const MAX_REMOTES = 10;
  const MAX_FIELDS = 50;            // per object shown as fields

  const main = document.getElementById('main');
  const message = document.getElementById('message');
  const tokenInput = document.getElementById('token');
  const remotesInput = document.getElementById('remotes');

  // ----- small DOM helpers: every piece of data goes through textContent or setAttribute -----

  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    Object.entries(attributes || {}).forEach(([name, value]) => {
      if (name === 'class') {
        node.className = value;
      } else {
        node.setAttribute(name, value);
      }
    });
    children.forEach((child) => {
      if (child !== null && child !== undefined) {
        node.append(child instanceof Node ? child : String(child));
      }
    });
    return node;
  }

  function link(hash, text) {
    return el('a', { href: hash }, text);
  }

  function shorten(text, limit) {
    return text.length <= limit ? text : text.slice(0, limit) + '… (' + text.length + ' characters)';
  }

  function table(headings, rows) {
    return el('table', {}, el('thead', {}, el('tr', {}, ...headings.map((h) => el('th', {}, h)))), el('tbody', {}, ...rows));
  }

  function show(...nodes) {
    main.replaceChildren(...nodes);
  }

  function say(text) {
    message.textContent = text || '';
  }

  // ----- settings: the token lives in this tab's sessionStorage only -----

  function remotes() {
    const raw = sessionStorage.getItem(REMOTES_KEY) || '';
    return raw.split(',').map((r) => r.trim()).filter((r) => r.length > 0).slice(0, MAX_REMOTES);
  }

  function loadSettings() {
    const fromUrl = new URLSearchParams(location.search).get('remotes');
    if (fromUrl !== null) {
      sessionStorage.setItem(REMOTES_KEY, fromUrl);
    }
    tokenInput.value = sessionStorage.getItem(TOKEN_KEY) || '';
    remotesInput.value = remotes().join(', ');
    document.getElementById('save').addEventListener('click', () => {
      const token = tokenInput.value.trim();
      if (token) {
        sessionStorage.setItem(TOKEN_KEY, token);
      } else {
        sessionStorage.removeItem(TOKEN_KEY);
      }
      sessionStorage.setItem(REMOTES_KEY, remotesInput.value);
      render();
    });
  }

  // ----- the JSON API -----

  async function api(path) {
    const headers = { Accept: 'application/json' };
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (token) {
      headers.Authorization = 'Bearer ' + token;
    }
    const response = await fetch(path, { headers: headers, credentials: 'omit', cache: 'no-store' });
    let body = null;
    try {
      body = await response.json();
    } catch (e) {
      body = null;
    }
    if (!response.ok) {
      const reason = body && typeof body.error === 'string' ? body.error : response.statusText;
      const hint = response.status === 401 ? ' (enter a token above)' : response.status === 403 ? ' (the token lacks the role)' : '';
      throw new Error(response.status + ': ' + reason + hint);
    }
    return body;
  }

  function query(params) {
    const search = new URLSearchParams();
    Object.entries(params).forEach(([name, value]) => {
      if (value !== null && value !== undefined && value !== '') {
        search.set(name, String(value));
      }
    });
    const text = search.toString();
    return text ? '?' + text : '';
  }

  // ----- routes: #/?after=x lists documents, #/doc/<id>?scope=&from= shows one -----

  function route() {
    const hash = location.hash.replace(/^#/, '') || '/';
    const question = hash.indexOf('?');
    const path = question < 0 ? hash : hash.slice(0, question);
    const params = new URLSearchParams(question < 0 ? '' : hash.slice(question + 1));
    const match = /^\/doc\/([^/]+)$/.exec(path);
    if (match) {
      return { view: 'document', id: decodeURIComponent(match[1]), params: params };
    }
    return { view: 'documents', params: params };
  }

  function documentHash(id, params) {
    return '#/doc/' + encodeURIComponent(id) + query(params || {});
  }

  async function render() {
    say('');
    const current = route();
    try {
      if (current.view === 'document') {
        await renderDocument(current.id, current.params);
      } else {
        await renderDocuments(current.params);
      }
    } catch (e) {
      say(e.message);
      show(el('p', { class: 'warning', id: 'error' }, e.message));
    }
  }

  // ----- the list of documents -----

  async function renderDocuments(params) {
    const after = params.get('after') || '';
    const page = await api('/documents' + query({ limit: DOCUMENTS_PAGE, after: after }));
    const rows = page.documents.map((doc) => el('tr', { 'data-document-id': doc.id },
      el('td', {}, link(documentHash(doc.id), doc.id)),
      el('td', {}, doc.type),
      el('td', {}, doc.deleted ? 'deleted' : '')));
    const nav = el('nav', { class: 'pages' });
    if (after) {
      nav.append(link('#/', 'first page'));
    }
    if (page.next) {
      nav.append(link('#/' + query({ after: page.next }), 'next page'));
    }
    const parts = [el('h2', {}, 'Documents')];
    if (page.unreachable) {
      parts.push(el('p', { class: 'warning' }, 'Incomplete: no answer from ' + page.unreachable.join(', ')));
    }
    parts.push(rows.length ? table(['id', 'type', ''], rows) : el('p', { id: 'no-documents' }, 'No documents.'), nav);
    show(...parts);
  }

  // ----- one document: view, operation log, sync status -----

  async function renderDocument(id, params) {
    const doc = await api('/documents/' + encodeURIComponent(id));
    const scopes = Object.keys(doc.revision || {});
    const scope = params.get('scope') || (scopes.includes('global') ? 'global' : scopes[0] || 'global');
    const from = Math.max(0, parseInt(params.get('from') || '0', 10) || 0);
    const parts = [el('h2', { id: 'document-title' }, 'Document ', el('code', {}, doc.id))];
    parts.push(fields({ type: doc.type, branch: doc.branch }));
    if (doc.unprocessable) {
      parts.push(el('p', { class: 'warning', id: 'unprocessable' }, 'Unprocessable: ' + doc.unprocessable));
    }
    parts.push(el('h3', {}, 'Scopes'), table(['scope', 'revision', 'hash', 'state'], scopes.map((s) => el('tr', {},
      el('td', {}, s === scope ? s : link(documentHash(id, { scope: s }), s)),
      el('td', {}, doc.revision[s]),
      el('td', {}, el('code', {}, doc.hash[s])),
      el('td', {}, el('pre', {}, shorten(JSON.stringify(doc.state[s], null, 2), STATE_LIMIT)))))));
    parts.push(await operationsSection(id, scope, from));
    parts.push(await syncSection(id));
    show(...parts);
  }

  async function operationsSection(id, scope, from) {
    const section = el('section', { id: 'operations' }, el('h3', {}, 'Operation log of scope ', el('code', {}, scope)));
    const answer = await api('/documents/' + encodeURIComponent(id) + '/operations'
      + query({ scope: scope, from: from, limit: OPERATIONS_PAGE }));
    const ops = answer.operations;
    section.append(el('p', {}, 'Marks: ', mark('failed', 'failed'), 'the action did not apply (it changes nothing); ',
      mark('inserted', 'inserted −k'), 'a late operation, inserted before the last k operations in effect; ',
      mark('rebase', 'rebase −k'), ' and ', mark('rebased', 're-applied'),
      'entries of an earlier release: a rebase replacing the last k entries, and a copy it re-applied.'));
    section.append(ops.length ? table(['index', 'marks', 'operation', 'action', 'origin', 'time', 'input', 'error'],
      ops.map(operationRow)) : el('p', {}, 'No operations from index ' + from + '.'));
    const nav = el('nav', { class: 'pages' });
    if (from > 0) {
      nav.append(link(documentHash(id, { scope: scope, from: Math.max(0, from - OPERATIONS_PAGE) }), 'earlier'));
    }
    if (ops.length === OPERATIONS_PAGE) {
      nav.append(link(documentHash(id, { scope: scope, from: ops[ops.length - 1].index + 1 }), 'later'));
    }
    section.append(nav);
    return section;
  }

  function mark(kind, text) {
    return el('span', { class: 'mark mark-' + kind }, text);
  }

  function operationRow(op) {
    const classes = [];
    const marks = el('td', {});
    if (op.error) {
      classes.push('op-failed');
      marks.append(mark('failed', 'failed'));
    }
    if (op.behind > 0) {
      classes.push('op-inserted');
      marks.append(mark('inserted', 'inserted −' + op.behind));
    }
    if (op.skip > 0) {
      classes.push('op-rebase-start');
      marks.append(mark('rebase', 'rebase −' + op.skip));
    }
    if (op.reapplied) {
      classes.push('op-rebased');
      marks.append(mark('rebased', 're-applied'));
    }
    const action = op.action || {};
    return el('tr', { class: classes.join(' '), 'data-operation-id': op.id, 'data-index': op.index },
      el('td', {}, op.index),
      marks,
      el('td', {}, el('code', {}, op.id)),
      el('td', {}, action.type),
      el('td', {}, op.origin),
      el('td', {}, new Date(op.timestampUtcMs).toISOString()),
      el('td', { class: 'input' }, shorten(JSON.stringify(action.input), TEXT_LIMIT)),
      el('td', { class: 'error' }, op.error || ''));
  }

  // Sync status fields are rendered generically, so fields the API adds show up as they come: a remote's
  // replication lag (heartbeats) appears under "Remote <id>" as its own fields, e.g. replication.lagMs.
  async function syncSection(id) {
    const section = el('section', { id: 'sync' }, el('h3', {}, 'Sync status'));
    const names = remotes();
    if (!names.length) {
      section.append(el('p', {}, 'Enter the ids of remote reactors above to see whether they applied this document\'s operations.'));
      return section;
    }
    for (const remote of names) {
      const part = el('section', { class: 'sync-remote', 'data-remote': remote }, el('h4', {}, 'Remote ', el('code', {}, remote)));
      try {
        const status = await api('/documents/' + encodeURIComponent(id) + '/sync' + query({ remote: remote }));
        const { operations, ...summary } = status;
        part.append(fields(summary));
        if (operations && typeof operations === 'object') {
          const entries = Object.entries(operations);
          part.append(table(['operation', 'status'], entries.slice(0, SYNC_OPERATIONS_SHOWN).map(([op, state]) =>
            el('tr', { 'data-operation-id': op }, el('td', {}, el('code', {}, op)), el('td', {}, String(state))))));
          if (entries.length > SYNC_OPERATIONS_SHOWN) {
            part.append(el('p', {}, (entries.length - SYNC_OPERATIONS_SHOWN) + ' more operations not shown.'));
          }
        }
      } catch (e) {
        part.append(el('p', { class: 'warning' }, e.message));
      }
      section.append(part);
    }
    return section;
  }

  // Name/value pairs; a nested object (e.g. a remote's replication lag) becomes a nested list, two levels
  // deep at most, and its fields are named "outer.inner" in data-field.
  function fields(object, prefix, depth) {
    const path = prefix || '';
    const level = depth || 0;
    return el('dl', { class: 'fields' }, ...Object.entries(object).slice(0, MAX_FIELDS).flatMap(([name, value]) => [
      el('dt', {}, name),
      el('dd', { 'data-field': path + name }, isRecord(value) && level < 2 ? fields(value, path + name + '.', level + 1)
        : typeof value === 'object' && value !== null ? shorten(JSON.stringify(value), TEXT_LIMIT) : String(value))]));
  }

  function isRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  }

  loadSettings();
  window.addEventListener('hashchange', render);
  render();
}());
