// The rehash report: draws the lists and the side-by-side pair view from the
// JSON in #rehash-data. Text from the data only ever reaches the page as
// text nodes (textContent), never as markup.
(function () {
  'use strict';

  var data = JSON.parse(document.getElementById('rehash-data').textContent);
  var docs = data.docs, links = data.links, clusters = data.clusters;

  var RELATIONS = ['exact', 'near-duplicate', 'contains', 'contained-in', 'partial-reuse', 'excerpt', 'none'];
  var REL_HELP = {
    'exact': 'the same text after normalization',
    'near-duplicate': 'almost the same text',
    'contains': 'A carries most of B',
    'contained-in': 'B carries most of A',
    'partial-reuse': 'substantial shared passages',
    'excerpt': 'a few shared sentences or quotes',
    'none': 'no copied text'
  };
  var COLORS = 8;
  var PAGE_SIZES = [50, 100, 250, 1000];

  var st = {
    tab: 'links', open: -1,
    q: '', rel: '', sort: 'n', dir: 1, page: 0, size: 100,
    cq: '', csort: 'n', cdir: 1, cpage: 0, expanded: {}
  };

  // ---- helpers -------------------------------------------------------

  // el builds an element: attrs are attributes (class, id, ...) except
  // "text", which sets textContent; kids are nodes or strings.
  function el(tag, attrs, kids) {
    var e = document.createElement(tag);
    if (attrs) {
      for (var k in attrs) {
        if (!Object.prototype.hasOwnProperty.call(attrs, k) || attrs[k] == null || attrs[k] === false) continue;
        if (k === 'text') e.textContent = attrs[k];
        else e.setAttribute(k, attrs[k] === true ? '' : String(attrs[k]));
      }
    }
    if (kids) {
      for (var i = 0; i < kids.length; i++) {
        if (kids[i] == null) continue;
        e.appendChild(typeof kids[i] === 'string' ? document.createTextNode(kids[i]) : kids[i]);
      }
    }
    return e;
  }
  function fmt(x) { return (Math.round(x * 100) / 100).toFixed(2); }
  function pct(x) { return Math.round(x * 100) + '%'; }
  function plural(n, one, many) { return n.toLocaleString('en') + ' ' + (n === 1 ? one : (many || one + 's')); }
  function bytes(n) {
    if (n < 1024) return n + ' B';
    if (n < 1 << 20) return (n / 1024).toFixed(n < 10240 ? 1 : 0) + ' KB';
    return (n / 1048576).toFixed(1) + ' MB';
  }
  function relBadge(r) {
    var known = RELATIONS.indexOf(r) >= 0;
    return el('span', { 'class': 'rel rel-' + (known ? r : 'other'), title: REL_HELP[r] || null, text: r || 'unknown' });
  }
  function relRank(r) { var i = RELATIONS.indexOf(r); return i < 0 ? RELATIONS.length : i; }
  function docCell(d) {
    var kids = [el('span', { 'class': 'docid', text: docs[d].id })];
    if (docs[d].title) kids.push(el('span', { 'class': 'doctitle', text: docs[d].title }));
    return el('td', null, kids);
  }
  function hasEvidence(l) { return l.p.length > 0; }
  function words(s) { return s.toLowerCase().split(/\s+/).filter(Boolean); }
  function docKey(d) { return (docs[d].id + '\n' + (docs[d].title || '')).toLowerCase(); }
  function matches(key, terms) {
    for (var i = 0; i < terms.length; i++) if (key.indexOf(terms[i]) < 0) return false;
    return true;
  }

  // pairOf finds the link between two documents, in either order.
  var pairIndex = {};
  links.forEach(function (l, i) {
    var k1 = l.a + ' ' + l.b, k2 = l.b + ' ' + l.a;
    if (!(k1 in pairIndex)) pairIndex[k1] = i;
    if (!(k2 in pairIndex)) pairIndex[k2] = i;
  });
  function pairOf(a, b) { var k = a + ' ' + b; return k in pairIndex ? pairIndex[k] : -1; }

  var linkKeys = null;
  function linkKey(i) {
    if (!linkKeys) linkKeys = links.map(function (l) { return docKey(l.a) + '\n' + docKey(l.b); });
    return linkKeys[i];
  }
  var clusterKeys = null;
  function clusterKey(i) {
    if (!clusterKeys) clusterKeys = clusters.map(function (c) { return c.m.map(function (m) { return docKey(m.d); }).join('\n'); });
    return clusterKeys[i];
  }
  function minSim(c) { var s = 1; c.m.forEach(function (m) { if (m.d !== c.keep && m.s < s) s = m.s; }); return s; }

  // ---- summary -------------------------------------------------------

  function summary() {
    var dups = 0;
    clusters.forEach(function (c) { dups += c.m.length - 1; });
    var byRel = {};
    links.forEach(function (l) { byRel[l.r] = (byRel[l.r] || 0) + 1; });
    var rels = Object.keys(byRel).sort(function (x, y) { return relRank(x) - relRank(y) || (x < y ? -1 : 1); });
    var s = document.getElementById('summary');
    s.textContent = '';
    s.appendChild(el('b', { text: plural(docs.length, 'document') }));
    s.appendChild(document.createTextNode(' · '));
    s.appendChild(el('b', { text: plural(clusters.length, 'cluster') }));
    s.appendChild(document.createTextNode(' (' + plural(dups, 'duplicate') + ') · '));
    s.appendChild(el('b', { text: plural(links.length, 'link') }));
    if (rels.length) s.appendChild(document.createTextNode(': ' + rels.map(function (r) { return byRel[r] + ' ' + r; }).join(', ')));
    var notes = document.getElementById('notes');
    (data.notes || []).forEach(function (n) { notes.appendChild(el('p', { text: n })); });
    return rels;
  }

  // ---- layout --------------------------------------------------------

  var app = document.getElementById('app');
  var rels = summary();

  var tabLinks = el('button', { id: 'tab-links', role: 'tab', type: 'button', 'aria-controls': 'links-view', text: 'Links (' + links.length.toLocaleString('en') + ')' });
  var tabClusters = el('button', { id: 'tab-clusters', role: 'tab', type: 'button', 'aria-controls': 'clusters-view', text: 'Clusters (' + clusters.length.toLocaleString('en') + ')' });
  tabLinks.addEventListener('click', function () { location.hash = '#links'; });
  tabClusters.addEventListener('click', function () { location.hash = '#clusters'; });
  var tabs = el('nav', { 'class': 'tabs', role: 'tablist', 'aria-label': 'Report sections' }, [tabLinks, tabClusters]);

  // Links list.
  var q = el('input', { id: 'q', type: 'search', placeholder: 'Filter by id or title', autocomplete: 'off', spellcheck: 'false' });
  var relSel = el('select', { id: 'rel' }, [el('option', { value: '', text: 'all relations' })].concat(
    rels.map(function (r) { return el('option', { value: r, text: r }); })));
  var linkCount = el('span', { id: 'link-count', 'class': 'count', role: 'status', 'aria-live': 'polite' });
  var LINK_COLS = [
    ['n', '#', 'num'], ['a', 'Document A'], ['b', 'Document B'], ['r', 'Relation'],
    ['j', 'Jaccard', 'num'], ['ab', 'A in B', 'num'], ['ba', 'B in A', 'num'],
    ['ca', 'Cover A', 'num'], ['cb', 'Cover B', 'num'], ['p', 'Passages', 'num']
  ];
  var linkHead = el('tr');
  var linkBody = el('tbody', { id: 'links-body' });
  var linkPager = pager('links', function (d) { st.page += d; renderLinks(); });
  var linksView = el('section', { id: 'links-view', role: 'tabpanel', 'aria-labelledby': 'tab-links' }, [
    el('div', { 'class': 'controls' }, [
      el('label', null, ['Search', q]), el('label', null, ['Relation', relSel]), linkCount,
      el('span', { 'class': 'hint' }, [el('kbd', { text: '/' }), ' search · ', el('kbd', { text: 'j' }), ' ', el('kbd', { text: 'k' }), ' next/previous pair · ', el('kbd', { text: 'Esc' }), ' back'])
    ]),
    el('table', { id: 'links-table', 'class': 'list' }, [el('thead', null, [linkHead]), linkBody]),
    linkPager.node
  ]);

  // Clusters list.
  var cq = el('input', { id: 'cq', type: 'search', placeholder: 'Filter by member id or title', autocomplete: 'off', spellcheck: 'false' });
  var clusterCount = el('span', { id: 'cluster-count', 'class': 'count', role: 'status', 'aria-live': 'polite' });
  var CLUSTER_COLS = [['n', '#', 'num'], ['k', 'Kept document'], ['size', 'Members', 'num'], ['min', 'Lowest similarity', 'num'], ['x', 'Exact copies', 'num']];
  var clusterHead = el('tr');
  var clusterBody = el('tbody', { id: 'clusters-body' });
  var clusterPager = pager('clusters', function (d) { st.cpage += d; renderClusters(); });
  var clustersView = el('section', { id: 'clusters-view', role: 'tabpanel', 'aria-labelledby': 'tab-clusters', hidden: true }, [
    el('div', { 'class': 'controls' }, [el('label', null, ['Search', cq]), clusterCount]),
    el('table', { id: 'clusters-table', 'class': 'list' }, [el('thead', null, [clusterHead]), clusterBody]),
    clusterPager.node
  ]);

  // Pair view.
  var backLink = el('a', { 'class': 'back', href: '#links', text: '\u2190 Back to the list' });
  var prevBtn = el('button', { id: 'prev-pair', type: 'button', text: '\u2039 Previous pair' });
  var nextBtn = el('button', { id: 'next-pair', type: 'button', text: 'Next pair \u203a' });
  var pairPos = el('span', { id: 'pair-pos', 'class': 'pos' });
  var pairHead = el('div', { id: 'pair-head' });
  var sides = el('div', { 'class': 'sides', id: 'sides' });
  var pairView = el('section', { id: 'pair-view', hidden: true, 'aria-label': 'Pair' }, [
    el('div', { 'class': 'pairbar' }, [backLink, prevBtn, nextBtn, pairPos]), pairHead, sides
  ]);
  prevBtn.addEventListener('click', function () { go(-1); });
  nextBtn.addEventListener('click', function () { go(1); });

  app.appendChild(tabs);
  app.appendChild(linksView);
  app.appendChild(clustersView);
  app.appendChild(pairView);

  function pager(name, move) {
    var prev = el('button', { type: 'button', 'class': 'prev', text: '\u2039 Previous' });
    var next = el('button', { type: 'button', 'class': 'next', text: 'Next \u203a' });
    var info = el('span', { 'class': 'info' });
    var size = el('select', { 'aria-label': 'Rows per page' }, PAGE_SIZES.map(function (n) {
      return el('option', { value: n, text: n + ' per page', selected: n === st.size });
    }));
    prev.addEventListener('click', function () { move(-1); });
    next.addEventListener('click', function () { move(1); });
    size.addEventListener('change', function () {
      st.size = +size.value; st.page = 0; st.cpage = 0;
      linkPager.size.value = clusterPager.size.value = size.value;
      renderLinks(); renderClusters();
    });
    return { node: el('div', { 'class': 'pager', id: name + '-pager' }, [prev, info, next, size]), prev: prev, next: next, info: info, size: size };
  }
  function setPager(p, page, total) {
    var pages = Math.max(1, Math.ceil(total / st.size));
    p.info.textContent = 'Page ' + (page + 1) + ' of ' + pages;
    p.prev.disabled = page <= 0;
    p.next.disabled = page >= pages - 1;
    p.node.hidden = total <= PAGE_SIZES[0] && pages === 1;
  }
  function clampPage(page, total) { return Math.max(0, Math.min(page, Math.ceil(total / st.size) - 1)); }

  function sortHeader(row, cols, key, dir, onSort) {
    row.textContent = '';
    cols.forEach(function (c) {
      var b = el('button', { type: 'button', text: c[1], 'data-sort': c[0] });
      b.addEventListener('click', function () { onSort(c[0]); });
      row.appendChild(el('th', { scope: 'col', 'class': c[2] || null, 'aria-sort': c[0] === key ? (dir > 0 ? 'ascending' : 'descending') : null }, [b]));
    });
  }
  // Scores sort high first on the first click; names and numbers low first.
  function firstDir(key) { return ['n', 'a', 'b', 'r', 'k'].indexOf(key) >= 0 ? 1 : -1; }

  // ---- links list ----------------------------------------------------

  var linkRows = [];
  function computeLinks() {
    var terms = words(st.q);
    var out = [];
    for (var i = 0; i < links.length; i++) {
      if (st.rel && links[i].r !== st.rel) continue;
      if (terms.length && !matches(linkKey(i), terms)) continue;
      out.push(i);
    }
    var key = st.sort, dir = st.dir;
    var val = {
      n: function (i) { return i; },
      a: function (i) { return docs[links[i].a].id; },
      b: function (i) { return docs[links[i].b].id; },
      r: function (i) { return relRank(links[i].r); },
      p: function (i) { return links[i].p.length; }
    }[key] || function (i) { return links[i][key]; };
    out.sort(function (x, y) {
      var vx = val(x), vy = val(y);
      if (vx < vy) return -dir;
      if (vx > vy) return dir;
      return x - y;
    });
    linkRows = out;
  }

  function renderLinks() {
    sortHeader(linkHead, LINK_COLS, st.sort, st.dir, function (k) {
      if (st.sort === k) st.dir = -st.dir; else { st.sort = k; st.dir = firstDir(k); }
      computeLinks(); renderLinks();
    });
    st.page = clampPage(st.page, linkRows.length);
    var start = st.page * st.size, end = Math.min(linkRows.length, start + st.size);
    var frag = document.createDocumentFragment();
    for (var r = start; r < end; r++) {
      var i = linkRows[r], l = links[i], ev = hasEvidence(l);
      var tr = el('tr', { 'data-pair': i + 1 }, [
        el('td', { 'class': 'num' }, [el('a', { href: '#pair=' + (i + 1), text: String(i + 1), 'aria-label': 'Open pair ' + (i + 1) })]),
        docCell(l.a), docCell(l.b), el('td', null, [relBadge(l.r)]),
        el('td', { 'class': 'num', text: fmt(l.j) }), el('td', { 'class': 'num', text: fmt(l.ab) }), el('td', { 'class': 'num', text: fmt(l.ba) }),
        el('td', { 'class': 'num', text: ev ? pct(l.ca) : '\u2014' }), el('td', { 'class': 'num', text: ev ? pct(l.cb) : '\u2014' }),
        el('td', { 'class': 'num', text: String(l.p.length) })
      ]);
      frag.appendChild(tr);
    }
    if (!linkRows.length) frag.appendChild(el('tr', null, [el('td', { 'class': 'empty', colspan: LINK_COLS.length, text: links.length ? 'No link matches the filter.' : 'No links.' })]));
    linkBody.textContent = '';
    linkBody.appendChild(frag);
    linkCount.textContent = linkRows.length === links.length ? plural(links.length, 'link') :
      linkRows.length.toLocaleString('en') + ' of ' + plural(links.length, 'link');
    setPager(linkPager, st.page, linkRows.length);
  }
  linkBody.addEventListener('click', function (e) {
    if (e.target.closest('a')) return;
    var tr = e.target.closest('tr[data-pair]');
    if (tr) location.hash = '#pair=' + tr.getAttribute('data-pair');
  });
  q.addEventListener('input', function () { st.q = q.value; st.page = 0; computeLinks(); renderLinks(); });
  relSel.addEventListener('change', function () { st.rel = relSel.value; st.page = 0; computeLinks(); renderLinks(); });

  // ---- clusters list -------------------------------------------------

  var clusterRows = [];
  function computeClusters() {
    var terms = words(st.cq);
    var out = [];
    for (var i = 0; i < clusters.length; i++) {
      if (terms.length && !matches(clusterKey(i), terms)) continue;
      out.push(i);
    }
    var val = {
      n: function (i) { return i; },
      k: function (i) { return docs[clusters[i].keep].id; },
      size: function (i) { return clusters[i].m.length; },
      min: function (i) { return minSim(clusters[i]); },
      x: function (i) { return clusters[i].m.filter(function (m) { return m.x; }).length; }
    }[st.csort];
    var dir = st.cdir;
    out.sort(function (x, y) {
      var vx = val(x), vy = val(y);
      if (vx < vy) return -dir;
      if (vx > vy) return dir;
      return x - y;
    });
    clusterRows = out;
  }
  function renderClusters() {
    sortHeader(clusterHead, CLUSTER_COLS, st.csort, st.cdir, function (k) {
      if (st.csort === k) st.cdir = -st.cdir; else { st.csort = k; st.cdir = firstDir(k); }
      computeClusters(); renderClusters();
    });
    st.cpage = clampPage(st.cpage, clusterRows.length);
    var start = st.cpage * st.size, end = Math.min(clusterRows.length, start + st.size);
    var frag = document.createDocumentFragment();
    for (var r = start; r < end; r++) {
      var i = clusterRows[r], c = clusters[i], open = !!st.expanded[i];
      var toggle = el('button', { type: 'button', 'class': 'toggle', 'aria-expanded': open ? 'true' : 'false', 'aria-label': 'Show members of cluster ' + (i + 1), text: (open ? '\u25BE ' : '\u25B8 ') + (i + 1) });
      frag.appendChild(el('tr', { 'data-cluster': i + 1 }, [
        el('td', { 'class': 'num' }, [toggle]), docCell(c.keep),
        el('td', { 'class': 'num', text: String(c.m.length) }),
        el('td', { 'class': 'num', text: fmt(minSim(c)) }),
        el('td', { 'class': 'num', text: String(c.m.filter(function (m) { return m.x; }).length) })
      ]));
      if (open) frag.appendChild(el('tr', { 'class': 'sub' }, [el('td'), el('td', { colspan: CLUSTER_COLS.length - 1 }, [members(c)])]));
    }
    if (!clusterRows.length) frag.appendChild(el('tr', null, [el('td', { 'class': 'empty', colspan: CLUSTER_COLS.length, text: clusters.length ? 'No cluster matches the filter.' : 'No clusters.' })]));
    clusterBody.textContent = '';
    clusterBody.appendChild(frag);
    clusterCount.textContent = clusterRows.length === clusters.length ? plural(clusters.length, 'cluster') :
      clusterRows.length.toLocaleString('en') + ' of ' + plural(clusters.length, 'cluster');
    setPager(clusterPager, st.cpage, clusterRows.length);
  }
  function members(c) {
    var body = el('tbody');
    c.m.forEach(function (m) {
      var kept = m.d === c.keep, p = kept ? -1 : pairOf(c.keep, m.d);
      body.appendChild(el('tr', null, [
        docCell(m.d),
        el('td', { text: kept ? 'kept' : (m.x ? 'exact copy' : 'near-duplicate') }),
        el('td', { 'class': 'num', text: fmt(m.s) }),
        el('td', null, [p >= 0 ? el('a', { href: '#pair=' + (p + 1), text: 'compare with the kept document' }) : null])
      ]));
    });
    return el('table', { 'class': 'list members' }, [el('thead', null, [el('tr', null, [
      el('th', { text: 'Member' }), el('th', { text: 'Role' }), el('th', { 'class': 'num', text: 'Similarity' }), el('th', { text: 'Pair' })])]), body]);
  }
  clusterBody.addEventListener('click', function (e) {
    if (e.target.closest('a') || e.target.closest('tr.sub')) return;
    var tr = e.target.closest('tr[data-cluster]');
    if (!tr) return;
    var i = +tr.getAttribute('data-cluster') - 1;
    st.expanded[i] = !st.expanded[i];
    renderClusters();
    var t = clusterBody.querySelector('tr[data-cluster="' + (i + 1) + '"] button.toggle');
    if (t) t.focus();
  });
  cq.addEventListener('input', function () { st.cq = cq.value; st.cpage = 0; computeClusters(); renderClusters(); });

  // ---- pair view -----------------------------------------------------

  // neighbour is the link before (delta -1) or after (+1) the open one in
  // the list as filtered and sorted, or -1.
  function neighbour(delta) {
    var pos = linkRows.indexOf(st.open);
    if (pos < 0) return delta > 0 && linkRows.length ? linkRows[0] : -1;
    var np = pos + delta;
    return np >= 0 && np < linkRows.length ? linkRows[np] : -1;
  }
  function go(delta) {
    var n = neighbour(delta);
    if (n >= 0) location.hash = '#pair=' + (n + 1);
  }

  function showPair(i) {
    st.open = i;
    var l = links[i], A = docs[l.a], B = docs[l.b];
    linksView.hidden = clustersView.hidden = tabs.hidden = true;
    pairView.hidden = false;
    pairView.setAttribute('data-open', i + 1);
    backLink.setAttribute('href', '#' + st.tab);
    var pos = linkRows.indexOf(i);
    pairPos.textContent = 'Pair ' + (i + 1) + (pos >= 0 ? ' · ' + (pos + 1).toLocaleString('en') + ' of ' + plural(linkRows.length, 'link') + ' in the list' : ' · not in the filtered list');
    prevBtn.disabled = neighbour(-1) < 0;
    nextBtn.disabled = neighbour(1) < 0;

    var h2 = el('h2', { id: 'pair-title', tabindex: '-1' }, [
      el('span', { 'class': 'docid', text: A.id }), ' \u2194 ', el('span', { 'class': 'docid', text: B.id })]);
    var ev = hasEvidence(l);
    var scores = el('dl', { 'class': 'scores' }, [
      score('Jaccard', fmt(l.j)), score('A in B', fmt(l.ab)), score('B in A', fmt(l.ba)),
      score('Cover A', ev ? pct(l.ca) : '\u2014'), score('Cover B', ev ? pct(l.cb) : '\u2014'),
      score('Passages', String(l.p.length))
    ]);
    pairHead.textContent = '';
    pairHead.appendChild(el('div', { 'class': 'pairhead' }, [h2, relBadge(l.r), scores]));
    if (l.src || l.why) {
      var origin = l.src === 'a' ? 'A (' + A.id + ')' : l.src === 'b' ? 'B (' + B.id + ')' : '';
      pairHead.appendChild(el('p', { 'class': 'why', text: (origin ? 'Likely source: ' + origin : '') + (origin && l.why ? ' \u2014 ' : '') + (l.why || '') }));
    }
    if (l.p.length) pairHead.appendChild(passageList(l, A));
    else pairHead.appendChild(el('p', { 'class': 'why', text: 'No shared passages were aligned for this pair; its scores come from the shingle sets.' }));

    sides.textContent = '';
    sides.appendChild(side('a', A, l, 0));
    sides.appendChild(side('b', B, l, 2));
    document.title = 'Pair ' + (i + 1) + ': ' + A.id + ' \u2194 ' + B.id + ' \u2014 ' + data.title;
    window.scrollTo(0, 0);
    h2.focus({ preventScroll: true });
  }
  function score(name, v) { return el('div', null, [el('dt', { text: name }), el('dd', { text: v })]); }

  function passageList(l, A) {
    var ol = el('ol');
    l.p.forEach(function (p, k) {
      var snip = p[0] >= 0 && !A.missing ? A.text.slice(p[0], Math.min(p[1], p[0] + 160)).replace(/\s+/g, ' ') : '(beyond the text shown)';
      var b = el('button', { type: 'button', 'class': 'c' + (k % COLORS), 'data-p': k, 'aria-label': 'Show passage ' + (k + 1) + ' on both sides', text: String(k + 1) });
      ol.appendChild(el('li', null, [b, el('span', { 'class': 'words', text: p[4] + ' / ' + p[5] + ' words' }), el('span', { 'class': 'snip', text: snip })]));
    });
    ol.addEventListener('click', function (e) {
      var b = e.target.closest('button[data-p]');
      if (!b) return;
      var k = b.getAttribute('data-p');
      var ma = document.getElementById('a-' + k), mb = document.getElementById('b-' + k);
      if (mb) flash(mb);
      if (ma) flash(ma);
    });
    return el('details', { 'class': 'passages', open: l.p.length <= 12 }, [el('summary', { text: plural(l.p.length, 'shared passage') }), ol]);
  }

  // side lays out one document with its passages as numbered <mark>s.
  // Overlapping passages on one side are clipped so that each passage
  // keeps exactly one mark (possibly empty) that the other side can reach.
  function side(s, d, l, col) {
    var other = s === 'a' ? 'B' : 'A';
    var meta = [d.date, d.src, d.missing ? null : bytes(d.bytes)].filter(Boolean).join(' · ');
    var head = el('header', null, [
      el('div', null, [el('span', { 'class': 'lab', 'aria-hidden': 'true', text: s.toUpperCase() }), el('span', { 'class': 'docid', text: d.id })]),
      d.title ? el('div', { 'class': 'doctitle', text: d.title }) : null,
      meta ? el('div', { 'class': 'meta', text: meta }) : null,
      d.cut ? el('div', { 'class': 'cut', text: 'Showing the first ' + bytes(data.max_text) + ' of ' + bytes(d.bytes) + '; passages beyond are listed but not highlighted.' }) : null
    ]);
    var text = el('div', { 'class': 'text', id: 'text-' + s, tabindex: '0', 'aria-label': 'Text of document ' + s.toUpperCase() });
    if (d.missing) {
      text.appendChild(el('p', { 'class': 'missing', text: 'The text of this document is not in the report.' }));
    } else {
      var spans = [];
      l.p.forEach(function (p, k) { if (p[col] >= 0) spans.push([p[col], p[col + 1], k]); });
      spans.sort(function (x, y) { return x[0] - y[0] || x[2] - y[2]; });
      var t = d.text, pos = 0, frag = document.createDocumentFragment();
      spans.forEach(function (sp) {
        var a = Math.max(sp[0], pos), b = Math.max(sp[1], a), k = sp[2];
        if (a > pos) frag.appendChild(document.createTextNode(t.slice(pos, a)));
        frag.appendChild(el('mark', {
          id: s + '-' + k, 'class': 'c' + (k % COLORS), 'data-p': k, 'data-n': k + 1, tabindex: '0',
          title: 'Passage ' + (k + 1) + ': show it in ' + other, text: t.slice(a, b)
        }));
        pos = b;
      });
      if (pos < t.length) frag.appendChild(document.createTextNode(t.slice(pos)));
      text.appendChild(frag);
    }
    return el('article', { 'class': 'side', id: 'side-' + s, 'aria-label': 'Document ' + s.toUpperCase() }, [head, text]);
  }

  // flash scrolls el into the middle of its pane, focuses it and makes it
  // blink, without scrolling the window more than needed.
  function flash(m) {
    var pane = m.closest('.text');
    if (pane) {
      pane.scrollTop = Math.max(0, m.offsetTop - pane.clientHeight / 3);
      var r = pane.getBoundingClientRect();
      if (r.top < 0 || r.bottom > window.innerHeight) pane.scrollIntoView({ block: 'nearest' });
    }
    m.focus({ preventScroll: true });
    m.classList.remove('flash');
    void m.offsetWidth; // restart the animation
    m.classList.add('flash');
    clearTimeout(m._flash);
    m._flash = setTimeout(function () { m.classList.remove('flash'); }, 2000);
  }
  function counterpart(m) {
    return document.getElementById((m.id.charAt(0) === 'a' ? 'b-' : 'a-') + m.getAttribute('data-p'));
  }
  sides.addEventListener('click', function (e) {
    var m = e.target.closest('mark[data-p]');
    if (!m) return;
    var o = counterpart(m);
    if (o) flash(o);
  });
  sides.addEventListener('keydown', function (e) {
    var m = e.target.closest('mark[data-p]');
    if (!m || (e.key !== 'Enter' && e.key !== ' ')) return;
    e.preventDefault();
    var o = counterpart(m);
    if (o) flash(o);
  });

  // ---- routing -------------------------------------------------------

  function showTab(tab) {
    st.tab = tab;
    st.open = -1;
    pairView.hidden = true;
    pairView.removeAttribute('data-open');
    sides.textContent = '';
    tabs.hidden = false;
    linksView.hidden = tab !== 'links';
    clustersView.hidden = tab !== 'clusters';
    tabLinks.setAttribute('aria-selected', tab === 'links' ? 'true' : 'false');
    tabClusters.setAttribute('aria-selected', tab === 'clusters' ? 'true' : 'false');
    tabLinks.tabIndex = tab === 'links' ? 0 : -1;
    tabClusters.tabIndex = tab === 'clusters' ? 0 : -1;
    document.title = data.title;
  }
  function route() {
    var m = /^#pair=(\d+)$/.exec(location.hash);
    if (m && +m[1] >= 1 && +m[1] <= links.length) { showPair(+m[1] - 1); return; }
    var from = st.open;
    showTab(location.hash === '#clusters' ? 'clusters' : 'links');
    // Coming back from a pair, keep its row in sight.
    if (from >= 0 && st.tab === 'links') {
      var pos = linkRows.indexOf(from);
      if (pos >= 0 && Math.floor(pos / st.size) !== st.page) { st.page = Math.floor(pos / st.size); renderLinks(); }
      var a = linkBody.querySelector('tr[data-pair="' + (from + 1) + '"] a');
      if (a) { a.focus({ preventScroll: true }); a.scrollIntoView({ block: 'center' }); }
    }
  }
  window.addEventListener('hashchange', route);

  document.addEventListener('keydown', function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    var typing = /^(INPUT|SELECT|TEXTAREA)$/.test(e.target.tagName);
    if (e.key === 'Escape' && st.open >= 0) { location.hash = '#' + st.tab; return; }
    if (typing) return;
    if (e.key === '/' && st.open < 0) {
      e.preventDefault();
      (st.tab === 'clusters' ? cq : q).focus();
    } else if (st.open >= 0 && (e.key === 'j' || e.key === 'n')) {
      go(1);
    } else if (st.open >= 0 && (e.key === 'k' || e.key === 'p')) {
      go(-1);
    }
  });
  // Arrow keys move between the two tabs.
  tabs.addEventListener('keydown', function (e) {
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
    var t = st.tab === 'links' ? tabClusters : tabLinks;
    t.click();
    t.focus();
  });

  computeLinks();
  renderLinks();
  computeClusters();
  renderClusters();
  route();
  document.documentElement.setAttribute('data-ready', 'true');
})();
