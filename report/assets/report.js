// The rehash report: draws the lists and the side-by-side pair view from the
// JSON in #rehash-data. Text from the data only ever reaches the page as
// text nodes (textContent), never as markup.
(function () {
  'use strict';

  var data = JSON.parse(document.getElementById('rehash-data').textContent);
  var docs = data.docs, links = data.links, clusters = data.clusters, stories = data.stories || [];

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
    tab: 'links', open: -1, detail: '',
    q: '', rel: '', sort: 'n', dir: 1, page: 0, size: 100,
    cq: '', csort: 'n', cdir: 1, cpage: 0, expanded: {},
    dq: '', dsort: 'n', ddir: 1, dpage: 0,
    site: '', from: '', to: ''
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
    var kids = [el('a', { 'class': 'docid', href: '#doc=' + (d + 1), title: 'Everything that copies this document, and what it copies', text: docs[d].id })];
    if (docs[d].title) kids.push(el('span', { 'class': 'doctitle', text: docs[d].title }));
    var meta = [day(d), docs[d].site].filter(Boolean).join(' \u00b7 ');
    if (meta) kids.push(el('span', { 'class': 'docmeta', text: meta }));
    return el('td', null, kids);
  }
  // day is a document's date as YYYY-MM-DD (UTC), or its date as given
  // when it does not parse, or ''.
  function day(d) { return docs[d].t ? new Date(docs[d].t * 1000).toISOString().slice(0, 10) : (docs[d].date || ''); }
  function dayOf(t) { return new Date(t * 1000).toISOString().slice(0, 10); }
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

  // ---- facets: site and date range --------------------------------

  // Seconds of the facet's bounds: from the start of "from" to the end of
  // "to", UTC.
  function bound(v, end) { if (!v) return null; var t = Date.parse(v + 'T00:00:00Z'); return isNaN(t) ? null : t / 1000 + (end ? 86400 : 0); }
  function docOK(d) {
    if (st.site && docs[d].site !== st.site) return false;
    var lo = bound(st.from, false), hi = bound(st.to, true);
    if (lo === null && hi === null) return true;
    var t = docs[d].t;
    if (!t) return false;
    return (lo === null || t >= lo) && (hi === null || t < hi);
  }
  function faceted() { return !!(st.site || st.from || st.to); }
  // A link passes the facets when either of its documents does: "what
  // did this site copy, and who copied it".
  function linkOK(l) { return !faceted() || docOK(l.a) || docOK(l.b); }

  // Per document: its links, and the family and cluster it is in.
  var linksOf = docs.map(function () { return []; });
  links.forEach(function (l, i) { linksOf[l.a].push(i); if (l.b !== l.a) linksOf[l.b].push(i); });
  var clusterOf = {};
  clusters.forEach(function (c, ci) { c.m.forEach(function (m) { clusterOf[m.d] = ci; }); });
  var families = {}, familyOrder = [];
  links.forEach(function (l, i) {
    if (l.fam == null) return;
    var f = families[l.fam];
    if (!f) { f = families[l.fam] = { origin: l.fam, members: {}, links: [] }; familyOrder.push(l.fam); }
    f.members[l.a] = f.members[l.b] = true;
    f.links.push(i);
  });
  familyOrder.forEach(function (o) { families[o].m = Object.keys(families[o].members).map(Number); });
  var familyOf = {};
  familyOrder.forEach(function (o) { families[o].m.forEach(function (d) { familyOf[d] = o; }); });
  var storyOf = {};
  stories.forEach(function (s, si) { s.m.forEach(function (d) { storyOf[d] = si; }); });
  // role of document d in link l: 'source' when d is its likely source,
  // 'copy' when the other is, '' when there is no telling.
  function role(l, d) {
    if (!l.src) return '';
    var srcDoc = l.src === 'a' ? l.a : l.b;
    return srcDoc === d ? 'source' : 'copy';
  }
  function other(l, d) { return l.a === d ? l.b : l.a; }
  // relFrom is the link's relation read from document d's side: a link
  // names A's relation to B, so contains and contained-in swap for B.
  function relFrom(l, d) {
    if (l.b !== d || l.a === d) return l.r;
    return l.r === 'contains' ? 'contained-in' : l.r === 'contained-in' ? 'contains' : l.r;
  }
  function byTime(x, y) {
    var tx = docs[x].t, ty = docs[y].t;
    if (tx && ty && tx !== ty) return tx - ty;
    if (tx && !ty) return -1;
    if (!tx && ty) return 1;
    return docs[x].id < docs[y].id ? -1 : docs[x].id > docs[y].id ? 1 : 0;
  }

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

  // The tabs: name, label, count. Stories only when the report has them.
  var TABS = [['links', 'Links', links.length], ['clusters', 'Clusters', clusters.length],
    ['docs', 'Documents', docs.length], ['families', 'Families', familyOrder.length]];
  if (stories.length) TABS.push(['stories', 'Stories', stories.length]);
  var tabButtons = {};
  var tabs = el('nav', { 'class': 'tabs', role: 'tablist', 'aria-label': 'Report sections' }, TABS.map(function (t) {
    var b = el('button', { id: 'tab-' + t[0], role: 'tab', type: 'button', 'aria-controls': t[0] + '-view', text: t[1] + ' (' + t[2].toLocaleString('en') + ')' });
    b.addEventListener('click', function () { location.hash = '#' + t[0]; });
    tabButtons[t[0]] = b;
    return b;
  }));

  // Facets: site and date range, over every list.
  var siteCount = {};
  var anyDate = false;
  docs.forEach(function (d) { if (d.site) siteCount[d.site] = (siteCount[d.site] || 0) + 1; if (d.t) anyDate = true; });
  var siteNames = Object.keys(siteCount).sort(function (x, y) { return siteCount[y] - siteCount[x] || (x < y ? -1 : 1); });
  var siteSel = el('select', { id: 'site' }, [el('option', { value: '', text: 'all sites' })].concat(
    siteNames.map(function (s) { return el('option', { value: s, text: s + ' (' + siteCount[s] + ')' }); })));
  var fromIn = el('input', { id: 'from', type: 'date' });
  var toIn = el('input', { id: 'to', type: 'date' });
  var clearBtn = el('button', { id: 'clear-facets', type: 'button', text: 'Clear' });
  var facets = el('div', { 'class': 'controls facets', id: 'facets', hidden: !siteNames.length && !anyDate }, [
    siteNames.length ? el('label', null, ['Site', siteSel]) : null,
    anyDate ? el('label', null, ['From', fromIn]) : null,
    anyDate ? el('label', null, ['to', toIn]) : null,
    clearBtn,
    el('span', { 'class': 'hint', text: 'A link passes when either of its documents does.' })
  ]);
  function facetChanged() {
    st.site = siteSel.value; st.from = fromIn.value; st.to = toIn.value;
    st.page = st.cpage = st.dpage = 0;
    computeLinks(); renderLinks(); computeClusters(); renderClusters();
    stale = { docs: true, families: true, stories: true };
    drawTab(st.tab);
  }
  // The documents, families and stories lists are drawn when first shown
  // and again after a facet changes: a report of many thousands of
  // documents opens on its links list without drawing them.
  var stale = { docs: true, families: true, stories: true };
  function drawTab(tab) {
    if (!stale[tab]) return;
    stale[tab] = false;
    if (tab === 'docs') { computeDocs(); renderDocs(); }
    else if (tab === 'families') renderFamilies();
    else if (tab === 'stories') renderStories();
  }
  siteSel.addEventListener('change', facetChanged);
  fromIn.addEventListener('change', facetChanged);
  toIn.addEventListener('change', facetChanged);
  clearBtn.addEventListener('click', function () { siteSel.value = fromIn.value = toIn.value = ''; facetChanged(); });

  // Links list.
  var q = el('input', { id: 'q', type: 'search', placeholder: 'Filter by id or title', autocomplete: 'off', spellcheck: 'false' });
  var relSel = el('select', { id: 'rel' }, [el('option', { value: '', text: 'all relations' })].concat(
    rels.map(function (r) { return el('option', { value: r, text: r }); })));
  var linkCount = el('span', { id: 'link-count', 'class': 'count', role: 'status', 'aria-live': 'polite' });
  var csvBtn = el('button', { id: 'csv', type: 'button', title: 'Download the links listed (filtered and sorted) as CSV', text: 'Export CSV' });
  csvBtn.addEventListener('click', exportCSV);
  var LINK_COLS = [
    ['n', '#', 'num'], ['a', 'Document A'], ['b', 'Document B'], ['r', 'Relation'],
    ['j', 'Jaccard', 'num'], ['ab', 'A in B', 'num'], ['ba', 'B in A', 'num'],
    ['ca', 'Cover A', 'num'], ['cb', 'Cover B', 'num'], ['p', 'Passages', 'num'], ['d', 'Date']
  ];
  var linkHead = el('tr');
  var linkBody = el('tbody', { id: 'links-body' });
  var linkPager = pager('links', function (d) { st.page += d; renderLinks(); });
  var linksView = el('section', { id: 'links-view', role: 'tabpanel', 'aria-labelledby': 'tab-links' }, [
    el('div', { 'class': 'controls' }, [
      el('label', null, ['Search', q]), el('label', null, ['Relation', relSel]), linkCount, csvBtn,
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

  // Documents list.
  var dq = el('input', { id: 'dq', type: 'search', placeholder: 'Filter by id or title', autocomplete: 'off', spellcheck: 'false' });
  var docCount = el('span', { id: 'doc-count', 'class': 'count', role: 'status', 'aria-live': 'polite' });
  var DOC_COLS = [['n', '#', 'num'], ['id', 'Document'], ['d', 'Date'], ['site', 'Site'], ['links', 'Links', 'num'],
    ['by', 'Copied by', 'num'], ['of', 'Copies', 'num']];
  var docHead = el('tr');
  var docBody = el('tbody', { id: 'docs-body' });
  var docPager = pager('docs', function (d) { st.dpage += d; renderDocs(); });
  var docsView = el('section', { id: 'docs-view', role: 'tabpanel', 'aria-labelledby': 'tab-docs', hidden: true }, [
    el('div', { 'class': 'controls' }, [el('label', null, ['Search', dq]), docCount]),
    el('table', { id: 'docs-table', 'class': 'list' }, [el('thead', null, [docHead]), docBody]),
    docPager.node
  ]);
  // Families and stories lists.
  var familiesView = el('section', { id: 'families-view', role: 'tabpanel', 'aria-labelledby': 'tab-families', hidden: true });
  var storiesView = el('section', { id: 'stories-view', role: 'tabpanel', 'aria-labelledby': 'tab-stories', hidden: true });
  // The view of one document, family or story.
  var detailBack = el('a', { 'class': 'back', href: '#links', text: '\u2190 Back to the list' });
  var detailBody = el('div', { id: 'detail-body' });
  var detailView = el('section', { id: 'detail-view', hidden: true }, [el('div', { 'class': 'pairbar' }, [detailBack]), detailBody]);

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
  app.appendChild(facets);
  app.appendChild(linksView);
  app.appendChild(clustersView);
  app.appendChild(docsView);
  app.appendChild(familiesView);
  app.appendChild(storiesView);
  app.appendChild(detailView);
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
      st.size = +size.value; st.page = 0; st.cpage = 0; st.dpage = 0;
      linkPager.size.value = clusterPager.size.value = docPager.size.value = size.value;
      renderLinks(); renderClusters(); if (!stale.docs) renderDocs();
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
  // sortRows sorts row numbers by val in direction dir, ties in number
  // order.
  function sortRows(out, val, dir) {
    out.sort(function (x, y) {
      var vx = val(x), vy = val(y);
      if (vx < vy) return -dir;
      if (vx > vy) return dir;
      return x - y;
    });
  }
  // Scores sort high first on the first click; names and numbers low first.
  function firstDir(key) { return ['n', 'a', 'b', 'r', 'k', 'd', 'id', 'site'].indexOf(key) >= 0 ? 1 : -1; }

  // ---- links list ----------------------------------------------------

  var linkRows = [];
  function computeLinks() {
    var terms = words(st.q);
    var out = [];
    for (var i = 0; i < links.length; i++) {
      if (st.rel && links[i].r !== st.rel) continue;
      if (!linkOK(links[i])) continue;
      if (terms.length && !matches(linkKey(i), terms)) continue;
      out.push(i);
    }
    var key = st.sort, dir = st.dir;
    var val = {
      n: function (i) { return i; },
      a: function (i) { return docs[links[i].a].id; },
      b: function (i) { return docs[links[i].b].id; },
      r: function (i) { return relRank(links[i].r); },
      p: function (i) { return links[i].p.length; },
      d: function (i) { return pairTime(links[i]) || Infinity; }
    }[key] || function (i) { return links[i][key]; };
    sortRows(out, val, dir);
    linkRows = out;
  }

  // pairTime is the earlier date of a pair's documents, in seconds, or 0.
  function pairTime(l) {
    var ta = docs[l.a].t, tb = docs[l.b].t;
    return ta && tb ? Math.min(ta, tb) : ta || tb || 0;
  }

  // ---- CSV export ----------------------------------------------------

  // The columns and quoting of report.WriteCSV (csv.go): the same list
  // gives the same bytes.
  var CSV_COLUMNS = ['pair', 'a', 'b', 'relation', 'jaccard', 'a_in_b', 'b_in_a', 'cover_a', 'cover_b',
    'passages', 'source', 'family', 'template', 'date_a', 'date_b', 'site_a', 'site_b', 'title_a', 'title_b'];
  function csvField(f) {
    f = String(f);
    if (f === '') return f;
    if ('=+-@\t\r'.indexOf(f[0]) >= 0) f = "'" + f; // a formula shown as text, as csv.go
    var edge = /^[ \t]|[ \t]$/.test(f);
    if (!edge && !/[,"\r\n]/.test(f)) return f;
    return '"' + f.replace(/"/g, '""') + '"';
  }
  function csvOf(rows) {
    var out = [CSV_COLUMNS.join(',')];
    rows.forEach(function (i) {
      var l = links[i], A = docs[l.a], B = docs[l.b];
      var src = l.src === 'a' ? A.id : l.src === 'b' ? B.id : '';
      out.push([i + 1, A.id, B.id, l.r, l.j, l.ab, l.ba, l.ca, l.cb, l.p.length, src,
        l.fam != null ? docs[l.fam].id : '', l.tpl ? 'true' : '',
        A.date || '', B.date || '', A.site || '', B.site || '', A.title || '', B.title || ''].map(csvField).join(','));
    });
    return out.join('\n') + '\n';
  }
  function exportCSV() {
    var blob = new Blob([csvOf(linkRows)], { type: 'text/csv;charset=utf-8' });
    var a = el('a', { href: URL.createObjectURL(blob), download: 'links.csv', hidden: true });
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
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
        el('td', { 'class': 'num', text: String(l.p.length) }),
        el('td', { 'class': 'date', text: pairTime(l) ? dayOf(pairTime(l)) : '\u2014' })
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
      if (faceted() && !clusters[i].m.some(function (m) { return docOK(m.d); })) continue;
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
    sortRows(out, val, dir);
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


  // ---- documents list ------------------------------------------------

  function counts(d) {
    var by = 0, of = 0;
    linksOf[d].forEach(function (i) { var r = role(links[i], d); if (r === 'source') by++; else if (r === 'copy') of++; });
    return [by, of];
  }
  var docRows = [];
  function computeDocs() {
    var terms = words(st.dq), out = [];
    for (var d = 0; d < docs.length; d++) {
      if (terms.length && !matches(docKey(d), terms)) continue;
      if (faceted() && !docOK(d)) continue;
      out.push(d);
    }
    var val = {
      n: function (d) { return d; },
      id: function (d) { return docs[d].id; },
      d: function (d) { return docs[d].t || Infinity; },
      site: function (d) { return docs[d].site || '\uffff'; },
      links: function (d) { return linksOf[d].length; },
      by: function (d) { return counts(d)[0]; },
      of: function (d) { return counts(d)[1]; }
    }[st.dsort];
    var dir = st.ddir;
    sortRows(out, val, dir);
    docRows = out;
  }
  function renderDocs() {
    sortHeader(docHead, DOC_COLS, st.dsort, st.ddir, function (k) {
      if (st.dsort === k) st.ddir = -st.ddir; else { st.dsort = k; st.ddir = firstDir(k); }
      computeDocs(); renderDocs();
    });
    st.dpage = clampPage(st.dpage, docRows.length);
    var start = st.dpage * st.size, end = Math.min(docRows.length, start + st.size);
    var frag = document.createDocumentFragment();
    for (var r = start; r < end; r++) {
      var d = docRows[r], c = counts(d);
      frag.appendChild(el('tr', { 'data-doc': d + 1 }, [
        el('td', { 'class': 'num', text: String(d + 1) }), docCell(d),
        el('td', { 'class': 'date', text: day(d) || '\u2014' }), el('td', { text: docs[d].site || '' }),
        el('td', { 'class': 'num', text: String(linksOf[d].length) }),
        el('td', { 'class': 'num', text: String(c[0]) }), el('td', { 'class': 'num', text: String(c[1]) })
      ]));
    }
    if (!docRows.length) frag.appendChild(el('tr', null, [el('td', { 'class': 'empty', colspan: DOC_COLS.length, text: docs.length ? 'No document matches the filter.' : 'No documents.' })]));
    docBody.textContent = '';
    docBody.appendChild(frag);
    docCount.textContent = docRows.length === docs.length ? plural(docs.length, 'document') :
      docRows.length.toLocaleString('en') + ' of ' + plural(docs.length, 'document');
    setPager(docPager, st.dpage, docRows.length);
  }
  docBody.addEventListener('click', function (e) {
    if (e.target.closest('a')) return;
    var tr = e.target.closest('tr[data-doc]');
    if (tr) location.hash = '#doc=' + tr.getAttribute('data-doc');
  });
  dq.addEventListener('input', function () { st.dq = dq.value; st.dpage = 0; computeDocs(); renderDocs(); });

  // ---- families and stories ------------------------------------------

  // span says when a group of documents ran: first and last dates.
  function span(m) {
    var ts = m.map(function (d) { return docs[d].t; }).filter(Boolean);
    if (!ts.length) return '\u2014';
    var lo = Math.min.apply(null, ts), hi = Math.max.apply(null, ts);
    return lo === hi ? dayOf(lo) : dayOf(lo) + ' \u2013 ' + dayOf(hi);
  }
  function sitesOf(m) {
    var seen = {}, out = [];
    m.forEach(function (d) { var s = docs[d].site; if (s && !seen[s]) { seen[s] = true; out.push(s); } });
    return out;
  }
  function groupTable(id, head, rows, empty) {
    var body = el('tbody');
    rows.forEach(function (r) { body.appendChild(r); });
    if (!rows.length) body.appendChild(el('tr', null, [el('td', { 'class': 'empty', colspan: head.length, text: empty })]));
    return el('table', { id: id, 'class': 'list' }, [el('thead', null, [el('tr', null, head.map(function (h) {
      return el('th', { scope: 'col', 'class': h[1] || null, text: h[0] });
    }))]), body]);
  }
  function renderFamilies() {
    var rows = [];
    familyOrder.forEach(function (o) {
      var f = families[o];
      if (faceted() && !f.m.some(docOK)) return;
      var tr = el('tr', { 'data-family': o + 1 }, [docCell(o), el('td', { 'class': 'num', text: String(f.m.length) }),
        el('td', { 'class': 'date', text: span(f.m) }), el('td', { text: sitesOf(f.m).join(', ') }),
        el('td', null, [el('a', { href: '#family=' + (o + 1), text: 'timeline' })])]);
      rows.push(tr);
    });
    familiesView.textContent = '';
    familiesView.appendChild(el('p', { 'class': 'why', text: 'A family is a set of copies of one text (exact, near-duplicate, contains, partial reuse), with one origin and a direction for every pair: the earliest date where dates parse, containment where they do not.' }));
    familiesView.appendChild(groupTable('families-table', [['Origin'], ['Members', 'num'], ['Dates'], ['Sites'], ['']], rows, familyOrder.length ? 'No family matches the filter.' : 'No families.'));
  }
  familiesView.addEventListener('click', function (e) {
    if (e.target.closest('a')) return;
    var tr = e.target.closest('tr[data-family]');
    if (tr) location.hash = '#family=' + tr.getAttribute('data-family');
  });
  function storyName(s) { return s.labels && s.labels.length ? s.labels.join(' \u00b7 ') : docs[s.m[0]].id; }
  function renderStories() {
    if (!stories.length) return;
    var rows = [];
    stories.forEach(function (s, si) {
      if (faceted() && !s.m.some(docOK)) return;
      var cl = {}, fa = {};
      s.m.forEach(function (d) { if (d in clusterOf) cl[clusterOf[d]] = true; if (d in familyOf) fa[familyOf[d]] = true; });
      rows.push(el('tr', { 'data-story': si + 1 }, [
        el('td', null, [el('a', { href: '#story=' + (si + 1), text: storyName(s) })]),
        el('td', { 'class': 'num', text: String(s.m.length) }),
        el('td', { 'class': 'num', text: String(Object.keys(cl).length) }),
        el('td', { 'class': 'num', text: String(Object.keys(fa).length) }),
        el('td', { 'class': 'date', text: span(s.m) }), el('td', { text: sitesOf(s.m).join(', ') })]));
    });
    storiesView.textContent = '';
    storiesView.appendChild(el('p', { 'class': 'why', text: (data.story_note || 'Stories group the documents that report one event.') }));
    storiesView.appendChild(groupTable('stories-table', [['Story'], ['Documents', 'num'], ['Clusters', 'num'], ['Families', 'num'], ['Dates'], ['Sites']], rows, 'No story matches the filter.'));
  }
  storiesView.addEventListener('click', function (e) {
    if (e.target.closest('a')) return;
    var tr = e.target.closest('tr[data-story]');
    if (tr) location.hash = '#story=' + tr.getAttribute('data-story');
  });

  // timeline draws documents on a line by date: each a row with a dot at
  // its date's place between the first and the last, and a note (its role
  // in the family, its source). Undated documents come last, without dot.
  function timeline(m, note) {
    m = m.slice().sort(byTime);
    var ts = m.map(function (d) { return docs[d].t; }).filter(Boolean);
    var lo = ts.length ? Math.min.apply(null, ts) : 0, hi = ts.length ? Math.max.apply(null, ts) : 0;
    var body = el('tbody');
    m.forEach(function (d) {
      var t = docs[d].t, bar = el('div', { 'class': 'tl-bar' });
      if (t) {
        var x = hi > lo ? (t - lo) / (hi - lo) : 0;
        bar.appendChild(el('span', { 'class': 'tl-dot', style: 'left:' + (x * 100).toFixed(2) + '%', title: day(d) }));
      }
      body.appendChild(el('tr', { 'data-doc': d + 1 }, [
        el('td', { 'class': 'date', text: day(d) || 'undated' }),
        el('td', { 'class': 'tl' }, [bar]),
        docCell(d), el('td', { text: docs[d].site || '' }),
        el('td', { 'class': 'tl-note' }, note ? note(d) : [])
      ]));
    });
    return el('table', { 'class': 'list timeline' }, [el('thead', null, [el('tr', null, [
      el('th', { text: 'Date' }), el('th', { text: ts.length > 1 ? dayOf(lo) + ' \u2192 ' + dayOf(hi) : 'Time' }),
      el('th', { text: 'Document' }), el('th', { text: 'Site' }), el('th', { text: 'Relation' })])]), body]);
  }
  // parentNote says where a family member comes from: the origin, or the
  // source of its strongest link within the family, with the pair.
  function familyNote(f) {
    return function (d) {
      if (d === f.origin) return [el('b', { text: 'origin' })];
      var best = -1, bestW = -1;
      f.links.forEach(function (i) {
        var l = links[i];
        if ((l.a === d || l.b === d) && role(l, d) === 'copy' && l.ca + l.cb > bestW) { best = i; bestW = l.ca + l.cb; }
      });
      if (best < 0) return ['\u2014'];
      var l = links[best], s = other(l, d);
      return ['from ', el('a', { href: '#doc=' + (s + 1), text: docs[s].id }), ' ', relBadge(relFrom(l, d)), ' \u00b7 ', el('a', { href: '#pair=' + (best + 1), text: 'pair ' + (best + 1) })];
    };
  }
  function familyView(o) {
    var f = families[o];
    detailBody.textContent = '';
    detailBody.appendChild(el('h2', { id: 'detail-title', tabindex: '-1', text: 'Family of ' + docs[o].id }));
    detailBody.appendChild(el('p', { 'class': 'why', text: plural(f.m.length, 'copy', 'copies') + ' of one text, ' + span(f.m) + '. Origin: ' + docs[o].id + (docs[o].title ? ' (' + docs[o].title + ')' : '') + '.' }));
    var why = '';
    f.links.forEach(function (i) { if (!why && links[i].why) why = links[i].why; });
    if (why) detailBody.appendChild(el('p', { 'class': 'why', text: 'Why: ' + why }));
    detailBody.appendChild(timeline(f.m, familyNote(f)));
    return 'Family of ' + docs[o].id;
  }
  function storyView(si) {
    var s = stories[si];
    detailBody.textContent = '';
    detailBody.appendChild(el('h2', { id: 'detail-title', tabindex: '-1', text: 'Story: ' + storyName(s) }));
    detailBody.appendChild(el('p', { 'class': 'why', text: plural(s.m.length, 'document') + ', ' + span(s.m) + (sitesOf(s.m).length ? '; sites: ' + sitesOf(s.m).join(', ') : '') + '.' }));
    detailBody.appendChild(timeline(s.m, function (d) {
      var k = [];
      if (d in clusterOf) {
        var c = clusters[clusterOf[d]];
        k.push(c.keep === d ? 'kept, cluster of ' + c.m.length : 'duplicate of ' + docs[c.keep].id);
      }
      if (d in familyOf) k.push(familyOf[d] === d ? 'family origin' : 'family of ' + docs[familyOf[d]].id);
      return [k.join('; ') || '\u2014'];
    }));
    // The duplicate clusters and families nested in the story.
    var cl = [], fa = [];
    s.m.forEach(function (d) {
      if (d in clusterOf && cl.indexOf(clusterOf[d]) < 0) cl.push(clusterOf[d]);
      if (d in familyOf && fa.indexOf(familyOf[d]) < 0) fa.push(familyOf[d]);
    });
    var nest = el('ul', { 'class': 'nest', id: 'story-nest' });
    cl.forEach(function (ci) {
      var c = clusters[ci];
      nest.appendChild(el('li', { 'data-cluster': ci + 1 }, ['Duplicate cluster: ', el('a', { href: '#doc=' + (c.keep + 1), text: docs[c.keep].id }), ' (kept) with ' + c.m.filter(function (m) { return m.d !== c.keep; }).map(function (m) { return docs[m.d].id; }).join(', ')]));
    });
    fa.forEach(function (o) {
      nest.appendChild(el('li', { 'data-family': o + 1 }, ['Family: ', el('a', { href: '#family=' + (o + 1), text: plural(families[o].m.length, 'copy', 'copies') + ' from ' + docs[o].id })]));
    });
    if (cl.length || fa.length) detailBody.appendChild(el('h3', { text: 'Copies inside the story' }));
    detailBody.appendChild(nest);
    return 'Story: ' + storyName(s);
  }
  // docView is the per-document view: what copies it, what it copies, and
  // what it shares text with in no known direction.
  function docView(d) {
    var D = docs[d];
    detailBody.textContent = '';
    detailBody.appendChild(el('h2', { id: 'detail-title', tabindex: '-1' }, [el('span', { 'class': 'docid', text: D.id })]));
    if (D.title) detailBody.appendChild(el('p', { 'class': 'doctitle', text: D.title }));
    var meta = [day(d), D.site, D.src, D.missing || D.brief ? null : bytes(D.bytes)].filter(Boolean).join(' \u00b7 ');
    if (meta) detailBody.appendChild(el('p', { 'class': 'meta', text: meta }));
    var where = [];
    if (d in clusterOf) {
      var c = clusters[clusterOf[d]];
      where.push(c.keep === d ? 'Kept document of a cluster of ' + c.m.length + '.' : 'Near-duplicate of ' + docs[c.keep].id + ', which its cluster keeps.');
    }
    var bits = [];
    if (where.length) bits.push(where[0] + ' ');
    if (d in familyOf) bits.push(el('a', { href: '#family=' + (familyOf[d] + 1), text: familyOf[d] === d ? 'Origin of a family of ' + families[d].m.length : 'In the family of ' + docs[familyOf[d]].id }), '. ');
    if (d in storyOf) bits.push(el('a', { href: '#story=' + (storyOf[d] + 1), text: 'Story: ' + storyName(stories[storyOf[d]]) }), '.');
    if (bits.length) detailBody.appendChild(el('p', { 'class': 'where' }, bits));
    if (D.brief) detailBody.appendChild(el('p', { 'class': 'why', text: 'It shares no text with another document; it is listed for its story, without its text.' }));
    var by = [], of = [], none = [];
    linksOf[d].forEach(function (i) { var r = role(links[i], d); (r === 'source' ? by : r === 'copy' ? of : none).push(i); });
    function section(id, title, rows, empty) {
      var body = el('tbody');
      rows.sort(function (x, y) { return byTime(other(links[x], d), other(links[y], d)) || x - y; });
      rows.forEach(function (i) {
        var l = links[i], o = other(l, d);
        body.appendChild(el('tr', { 'data-pair': i + 1 }, [
          docCell(o), el('td', null, [relBadge(relFrom(l, d))]),
          el('td', { 'class': 'num', text: l.p.length ? pct(l.a === d ? l.ca : l.cb) : '\u2014' }),
          el('td', { 'class': 'num', text: l.p.length ? pct(l.a === d ? l.cb : l.ca) : '\u2014' }),
          el('td', null, [el('a', { href: '#pair=' + (i + 1), text: 'pair ' + (i + 1) })])]));
      });
      if (!rows.length) body.appendChild(el('tr', null, [el('td', { 'class': 'empty', colspan: 5, text: empty })]));
      return el('section', { id: id }, [el('h3', { text: title + ' (' + rows.length + ')' }),
        el('table', { 'class': 'list' }, [el('thead', null, [el('tr', null, [el('th', { text: 'Document' }), el('th', { text: 'This one to it' }),
          el('th', { 'class': 'num', text: 'Of this one' }), el('th', { 'class': 'num', text: 'Of the other' }), el('th', { text: 'Pair' })])]), body])]);
    }
    detailBody.appendChild(section('copied-by', 'Copied by: documents that take text from ' + D.id, by, 'Nothing in the report takes text from it.'));
    detailBody.appendChild(section('copies', 'Copies: documents ' + D.id + ' takes text from', of, 'It takes text from nothing in the report.'));
    if (none.length) detailBody.appendChild(section('shares', 'Shares text with, direction unknown', none, ''));
    return D.id;
  }
  detailBody.addEventListener('click', function (e) {
    if (e.target.closest('a')) return;
    var tr = e.target.closest('tr[data-pair]');
    if (tr) location.hash = '#pair=' + tr.getAttribute('data-pair');
  });

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
    hideAll();
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
    if (l.fam != null) {
      pairHead.appendChild(el('p', { 'class': 'why', id: 'pair-family' }, ['Family: ', el('a', { href: '#family=' + (l.fam + 1), text: plural(families[l.fam].m.length, 'copy', 'copies') + ' from ' + docs[l.fam].id }),
        ' \u00b7 ', el('a', { href: '#doc=' + (l.a + 1), text: 'A: ' + A.id }), ' \u00b7 ', el('a', { href: '#doc=' + (l.b + 1), text: 'B: ' + B.id })]));
    }
    if (l.tpl) pairHead.appendChild(el('p', { 'class': 'why tpl', text: 'Template: two fillings of one form' + (l.slots && l.slots.length ? ' (' + l.slots.join('; ') + ')' : '') + '.' }));
    if (l.e && l.e.length) pairHead.appendChild(el('p', { 'class': 'why', id: 'edit-legend' }, [plural(l.e.length, 'edit') + ' inside the passages: ',
      el('del', { text: 'only in A' }), ' ', el('ins', { text: 'only in B' }), ', a \u2038 marks where the other side has words this one lacks.']));
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
      var ne = (l.e || []).filter(function (e) { return e[0] === k; }).length;
      ol.appendChild(el('li', null, [b, el('span', { 'class': 'words', text: p[4] + ' / ' + p[5] + ' words' + (ne ? ', ' + plural(ne, 'edit') : '') }), el('span', { 'class': 'snip', text: snip })]));
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
    if (d.missing || d.brief) {
      text.appendChild(el('p', { 'class': 'missing', text: 'The text of this document is not in the report.' }));
    } else {
      var spans = [];
      l.p.forEach(function (p, k) { if (p[col] >= 0) spans.push([p[col], p[col + 1], k]); });
      spans.sort(function (x, y) { return x[0] - y[0] || x[2] - y[2]; });
      var t = d.text, pos = 0, frag = document.createDocumentFragment();
      spans.forEach(function (sp) {
        var a = Math.max(sp[0], pos), b = Math.max(sp[1], a), k = sp[2];
        if (a > pos) frag.appendChild(document.createTextNode(t.slice(pos, a)));
        var mk = el('mark', {
          id: s + '-' + k, 'class': 'c' + (k % COLORS), 'data-p': k, 'data-n': k + 1, tabindex: '0',
          title: 'Passage ' + (k + 1) + ': show it in ' + other
        });
        edited(mk, t, a, b, s, l, k);
        frag.appendChild(mk);
        pos = b;
      });
      if (pos < t.length) frag.appendChild(document.createTextNode(t.slice(pos)));
      text.appendChild(frag);
    }
    return el('article', { 'class': 'side', id: 'side-' + s, 'aria-label': 'Document ' + s.toUpperCase() }, [head, text]);
  }

  // edited fills a passage's mark with text[a:b], its edits on side s
  // shown: words only this side has are <del> (side A) or <ins> (side B),
  // each titled with what the other side has instead; where the other side
  // has words this one lacks, an empty span shows a caret.
  var OPS = ['insert', 'delete', 'substitute'];
  function edited(mk, t, a, b, s, l, k) {
    var col = s === 'a' ? 1 : 3, oc = s === 'a' ? 3 : 1;
    var od = s === 'a' ? docs[l.b] : docs[l.a];
    var es = (l.e || []).filter(function (e) { return e[0] === k && e[col] >= 0; });
    es.sort(function (x, y) { return x[col] - y[col]; });
    var pos = a;
    es.forEach(function (e) {
      var x = Math.max(e[col], pos), y = Math.min(e[col + 1], b);
      if (x > b || y < x) return;
      if (x > pos) mk.appendChild(document.createTextNode(t.slice(pos, x)));
      var theirs = e[oc] >= 0 && !od.missing ? od.text.slice(e[oc], e[oc + 1]) : '';
      var title = OPS[e[5]] + (theirs ? ': ' + (s === 'a' ? 'B' : 'A') + ' has \u201c' + theirs + '\u201d' : '');
      if (y > x) {
        mk.appendChild(el(s === 'a' ? 'del' : 'ins', { 'class': 'ed ed-' + OPS[e[5]], 'data-e': es.indexOf(e), title: title, text: t.slice(x, y) }));
      } else {
        mk.appendChild(el('span', { 'class': 'ed gap', title: title }));
      }
      pos = y;
    });
    if (pos < b) mk.appendChild(document.createTextNode(t.slice(pos, b)));
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

  var VIEWS = { links: linksView, clusters: clustersView, docs: docsView, families: familiesView, stories: storiesView };
  function hideAll() {
    tabs.hidden = facets.hidden = true;
    for (var k in VIEWS) VIEWS[k].hidden = true;
    detailView.hidden = pairView.hidden = true;
    detailView.removeAttribute('data-open');
  }
  function showTab(tab) {
    st.tab = tab;
    st.open = -1;
    st.detail = '';
    hideAll();
    pairView.removeAttribute('data-open');
    sides.textContent = '';
    tabs.hidden = false;
    facets.hidden = !siteNames.length && !anyDate;
    VIEWS[tab].hidden = false;
    drawTab(tab);
    TABS.forEach(function (t) {
      tabButtons[t[0]].setAttribute('aria-selected', t[0] === tab ? 'true' : 'false');
      tabButtons[t[0]].tabIndex = t[0] === tab ? 0 : -1;
    });
    document.title = data.title;
  }
  // showDetail opens the view of a document, family or story.
  function showDetail(kind, n) {
    st.open = -1;
    hideAll();
    pairView.removeAttribute('data-open');
    sides.textContent = '';
    detailView.hidden = false;
    detailView.setAttribute('data-open', kind + '=' + (n + 1));
    detailBack.setAttribute('href', '#' + st.tab);
    var title = kind === 'doc' ? docView(n) : kind === 'family' ? familyView(n) : storyView(n);
    st.detail = kind;
    document.title = title + ' \u2014 ' + data.title;
    window.scrollTo(0, 0);
    var h = document.getElementById('detail-title');
    if (h) h.focus({ preventScroll: true });
  }
  function route() {
    var m = /^#pair=(\d+)$/.exec(location.hash);
    if (m && +m[1] >= 1 && +m[1] <= links.length) { showPair(+m[1] - 1); return; }
    var dm = /^#(doc|family|story)=(\d+)$/.exec(location.hash);
    if (dm) {
      var n = +dm[2] - 1;
      if ((dm[1] === 'doc' && n >= 0 && n < docs.length) || (dm[1] === 'family' && families[n]) || (dm[1] === 'story' && n >= 0 && n < stories.length)) {
        showDetail(dm[1], n);
        return;
      }
    }
    var from = st.open;
    var tab = location.hash.slice(1);
    showTab(VIEWS[tab] && (tab !== 'stories' || stories.length) ? tab : 'links');
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
    if (e.key === 'Escape' && (st.open >= 0 || st.detail)) { location.hash = '#' + st.tab; return; }
    if (typing) return;
    if (e.key === '/' && st.open < 0 && !st.detail) {
      e.preventDefault();
      (st.tab === 'clusters' ? cq : st.tab === 'docs' ? dq : q).focus();
    } else if (st.open >= 0 && (e.key === 'j' || e.key === 'n')) {
      go(1);
    } else if (st.open >= 0 && (e.key === 'k' || e.key === 'p')) {
      go(-1);
    }
  });
  // Arrow keys move between the tabs.
  tabs.addEventListener('keydown', function (e) {
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
    var i = TABS.map(function (t) { return t[0]; }).indexOf(st.tab);
    var t = tabButtons[TABS[(i + (e.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length][0]];
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
