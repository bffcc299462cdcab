/*
  Site search (layouts/search.html). Plain ES2017, no library, nothing
  from another host, no eval: the page's content security policy allows
  scripts from this site only.

  The index of the page's language is a folder of static files written by
  the portal when it publishes (admin/search, whose package comment
  describes the files and whose Search function is the reference for what
  follows). The script fetches manifest.json (revalidated), for each word
  and word pair of the query one file of the base and one of the recent
  level, the small latest file, and the document files of the results it
  shows. Every name but the manifest's changes with its content, so the
  pieces stay cached for the next query and never mix two versions.

  Words: letters, marks and digits; folded (lower case, no diacritics,
  đ -> d) to find them, so "binh phuoc" finds "Bình Phước". A document
  must have every word (else those with most words are shown, and the page
  says so); documents that have the query's words with the diacritics as
  typed come first; then by score (BM25, plus the query's neighbouring
  words found side by side). Words in double quotes must be a phrase.
*/
(function () {
  'use strict';

  const form = document.querySelector('form.search-form[data-index]');
  if (!form || !window.fetch || !window.TextDecoder || !window.TextEncoder || !String.prototype.normalize) {
    return;
  }
  const input = form.querySelector('input[name="q"]');
  const section = document.getElementById('search-results');
  const status = document.getElementById('search-status');
  const list = document.getElementById('search-list');
  const more = document.getElementById('search-more');
  const data = form.dataset;
  const pageSize = 10;
  const maxToken = 40;
  const maxQueryWords = 12;
  const formatVersion = 1;
  const maxImpact = 63;

  // Unicode property escapes where the browser has them (the same rule as
  // the index: categories L, M and N), a close approximation elsewhere.
  function regex(modern, fallback, flags) {
    try {
      return new RegExp(modern, flags + 'u');
    } catch (e) {
      return new RegExp(fallback, flags);
    }
  }
  const wordRe = regex('[\\p{L}\\p{M}\\p{N}]+', '[^\\s!-/:-@\\[-`{-~\\u00a0-\\u00bf\\u00d7\\u00f7\\u2000-\\u206f\\u3000-\\u303f\\uff00-\\uff0f]+', 'g');
  const markRe = regex('\\p{Mn}', '[\\u0300-\\u036f]', 'g');
  const joinerRe = /^[\s\-\u2010\u2011]*$/;

  function fold(s) {
    return s.normalize('NFD').replace(markRe, '').replace(/[đĐ]/g, 'd').toLowerCase().normalize('NFC');
  }

  // tokens returns the words of s with their offsets; joined says that
  // only spaces or hyphens stand between a word and the one before.
  function tokens(s) {
    const out = [];
    let last = -1;
    let joined = false;
    wordRe.lastIndex = 0;
    let m;
    while ((m = wordRe.exec(s)) !== null) {
      const w = m[0];
      if (last >= 0) {
        joined = joinerRe.test(s.slice(last, m.index));
      }
      last = m.index + w.length;
      if (Array.from(w).length > maxToken) {
        joined = false;
        last = -1;
        continue;
      }
      const exact = w.toLowerCase();
      out.push({exact: exact, fold: fold(exact), joined: joined, start: m.index, end: m.index + w.length});
    }
    return out;
  }

  function parseQuery(s) {
    const q = {words: [], pairs: [], required: []};
    const seenWord = new Set();
    const seenPair = new Set();
    let prev = null;
    const parts = s.normalize('NFC').replace(/[“”„]/g, '"').split('"');
    for (let i = 0; i < parts.length; i++) {
      const quoted = i % 2 === 1;
      for (const t of tokens(parts[i])) {
        if (q.words.length === maxQueryWords) {
          return q;
        }
        if (!seenWord.has(t.fold)) {
          seenWord.add(t.fold);
          q.words.push({fold: t.fold, exact: t.exact, diacritics: t.fold !== t.exact});
        }
        if (prev) {
          const pair = prev.fold + ' ' + t.fold;
          if (!seenPair.has(pair)) {
            seenPair.add(pair);
            q.pairs.push(pair);
          }
          if (quoted && t.joined) {
            q.required.push(pair);
          }
        }
        prev = t;
      }
    }
    return q;
  }

  // Keys sort by code point, which is the byte order of their UTF-8.
  function compare(a, b) {
    if (a === b) {
      return 0;
    }
    const x = Array.from(a);
    const y = Array.from(b);
    for (let i = 0; i < x.length && i < y.length; i++) {
      const d = x[i].codePointAt(0) - y[i].codePointAt(0);
      if (d !== 0) {
        return d;
      }
    }
    return x.length - y.length;
  }

  function compareBytes(a, b) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      if (a[i] !== b[i]) {
        return a[i] - b[i];
      }
    }
    return a.length - b.length;
  }

  const utf8 = new TextDecoder();
  const encoder = new TextEncoder();

  class Reader {
    constructor(bytes, pos) {
      this.b = bytes;
      this.p = pos;
    }
    uvarint() {
      let v = 0;
      let scale = 1;
      for (;;) {
        if (this.p >= this.b.length) {
          throw new Error('search: damaged index file');
        }
        const c = this.b[this.p++];
        v += (c & 0x7f) * scale;
        if (c < 0x80) {
          return v;
        }
        scale *= 128;
      }
    }
    bytes(n) {
      if (this.p + n > this.b.length) {
        throw new Error('search: damaged index file');
      }
      const s = this.b.subarray(this.p, this.p + n);
      this.p += n;
      return s;
    }
  }

  // lookup finds a key among the entries that start at r; null if absent.
  function lookup(r, key) {
    const want = encoder.encode(key);
    const n = r.uvarint();
    let prev = new Uint8Array(0);
    for (let i = 0; i < n; i++) {
      const shared = r.uvarint();
      const rest = r.bytes(r.uvarint());
      const k = new Uint8Array(shared + rest.length);
      k.set(prev.subarray(0, shared));
      k.set(rest, shared);
      prev = k;
      const nv = r.uvarint();
      const variants = [];
      for (let j = 0; j < nv; j++) {
        variants.push(r.bytes(r.uvarint()));
      }
      const df = r.uvarint();
      const body = r.bytes(r.uvarint());
      const c = compareBytes(k, want);
      if (c > 0) {
        return null;
      }
      if (c === 0) {
        const names = variants.map(function (v) { return utf8.decode(v); });
        if (names.length === 0 && key.indexOf(' ') < 0) {
          names.push(key);
        }
        const pr = new Reader(body, 0);
        const postings = [];
        let id = 0;
        for (let j = 0; j < df; j++) {
          id += pr.uvarint();
          const v = pr.uvarint();
          if (nv === 0) {
            postings.push({id: id, impact: v, mask: 0});
            continue;
          }
          // The spellings' mask follows only when it is not 1 (see
          // appendEntry in admin/search/index.go).
          const mask = v % 2 === 1 ? pr.uvarint() : 1;
          postings.push({id: id, impact: Math.floor(v / 2), mask: mask});
        }
        return {variants: names, postings: postings};
      }
    }
    return null;
  }

  // The index of this language: the manifest and a cache of its files.
  const indexURL = new URL(data.index, location.href);
  const homeURL = new URL(data.home, location.href);
  let manifest = null;
  const files = new Map();

  async function loadManifest(fresh) {
    if (manifest && !fresh) {
      return manifest;
    }
    const resp = await fetch(indexURL.href, {cache: 'no-cache', credentials: 'same-origin'});
    if (!resp.ok) {
      throw new Error('search: manifest: ' + resp.status);
    }
    const m = await resp.json();
    if (m.version !== formatVersion) {
      throw new Error('search: manifest version ' + m.version);
    }
    manifest = m;
    return m;
  }

  function file(name, json) {
    if (!files.has(name)) {
      const p = fetch(new URL(name, indexURL).href, {credentials: 'same-origin'}).then(function (resp) {
        if (!resp.ok) {
          throw new Error('search: ' + name + ': ' + resp.status);
        }
        return json ? resp.json() : resp.arrayBuffer().then(function (b) { return new Uint8Array(b); });
      });
      p.catch(function () { files.delete(name); });
      files.set(name, p);
    }
    return files.get(name);
  }

  // fileFor names the file of a level (prefix "b" or "r") that holds key,
  // '' when the level has none.
  function fileFor(level, prefix, key) {
    let lo = 0;
    let hi = level.first.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compare(level.first[mid], key) > 0) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo > 0 ? prefix + '-' + level.gen + '-' + (lo - 1) + '.bin' : '';
  }

  // find ranks the documents for q; see admin/search/query.go, Search.
  async function find(m, q) {
    const keys = q.words.map(function (w) { return w.fold; }).concat(q.pairs);
    const levels = [{prefix: 'b', ref: m.base}, {prefix: 'r', ref: m.recent}];
    const names = [];
    keys.forEach(function (k) {
      levels.forEach(function (l) {
        const n = fileFor(l.ref, l.prefix, k);
        if (n && names.indexOf(n) < 0) {
          names.push(n);
        }
      });
    });
    const loaded = await Promise.all(names.map(function (n) { return file(n, false); }).concat([file(m.latest, false)]));
    const data = new Map();
    names.forEach(function (n, i) { data.set(n, loaded[i]); });
    const latest = loaded[loaded.length - 1];
    if (latest[0] !== formatVersion) {
      throw new Error('search: damaged index file');
    }
    // The numbers whose postings in the base, and in the recent level, no
    // longer count: their documents changed or went.
    const lr = new Reader(latest, 1);
    const gone = [new Set(), new Set()];
    gone.forEach(function (set) {
      let id = 0;
      for (let n = lr.uvarint(); n > 0; n--) {
        id += lr.uvarint();
        set.add(id);
      }
    });
    const latestStart = lr.p;

    const accs = new Map();
    const required = new Set(q.required);
    const need = new Map();
    keys.forEach(function (k, i) {
      const found = [];
      levels.forEach(function (l, j) {
        const name = fileFor(l.ref, l.prefix, k);
        if (!name) {
          return;
        }
        const bytes = data.get(name);
        if (bytes[0] !== formatVersion) {
          throw new Error('search: damaged index file');
        }
        const f = lookup(new Reader(bytes, 1), k);
        if (f) {
          f.gone = gone[j];
          found.push(f);
        }
      });
      const f = lookup(new Reader(latest, latestStart), k);
      if (f) {
        f.gone = null;
        found.push(f);
      }
      let df = 0;
      found.forEach(function (f) { df += f.postings.length; });
      const idf = Math.max(Math.log((m.docs + 1) / (df + 0.5)), 0.01);
      const isWord = i < q.words.length;
      found.forEach(function (f) {
        let variant = -1;
        if (isWord && q.words[i].diacritics) {
          f.variants.forEach(function (v, j) {
            if (v === q.words[i].exact) {
              variant = j;
            }
          });
        }
        f.postings.forEach(function (p) {
          if (f.gone && f.gone.has(p.id)) {
            return;
          }
          let h = accs.get(p.id);
          if (!h) {
            h = {id: p.id, matched: 0, exact: 0, phrases: 0, score: 0};
            accs.set(p.id, h);
          }
          h.score += idf * p.impact / maxImpact;
          if (isWord) {
            h.matched++;
            if (variant >= 0 && (p.mask & (1 << variant)) !== 0) {
              h.exact++;
            }
          } else {
            h.phrases++;
            if (required.has(k)) {
              need.set(p.id, (need.get(p.id) || 0) + 1);
            }
          }
        });
      });
    });

    let hits = [];
    accs.forEach(function (h) {
      if (h.matched === q.words.length && (need.get(h.id) || 0) === required.size) {
        hits.push(h);
      }
    });
    const all = hits.length > 0;
    if (!all) {
      accs.forEach(function (h) {
        if (h.matched > 0) {
          hits.push(h);
        }
      });
    }
    hits.sort(function (a, b) {
      return (b.matched - a.matched) || (b.exact - a.exact) || (b.score - a.score) || (b.id - a.id);
    });
    return {hits: hits, all: all};
  }

  async function describe(m, h) {
    const c = Math.floor(h.id / m.chunk);
    if (c >= m.chunks.length) {
      return null;
    }
    const items = await file('d-' + m.epoch + '-' + c + '-' + m.chunks[c] + '.json', true);
    const rec = items[h.id % m.chunk];
    if (!rec) {
      return null;
    }
    return {url: new URL(rec[0], homeURL).href, title: rec[1], summary: rec[2], date: rec[3], area: rec[4]};
  }

  // Showing results.

  function fill(template, values) {
    return (template || '').replace(/\{(\w+)\}/g, function (all, k) {
      return Object.prototype.hasOwnProperty.call(values, k) ? String(values[k]) : all;
    });
  }

  const locale = data.locale || document.documentElement.lang;
  let plural = null;
  try {
    plural = new Intl.PluralRules(locale);
  } catch (e) {
    plural = null;
  }
  function count(n) {
    try {
      return new Intl.NumberFormat(locale).format(n);
    } catch (e) {
      return String(n);
    }
  }

  function dateParts(seconds) {
    const d = new Date(seconds * 1000);
    const opts = {year: 'numeric', month: 'numeric', day: 'numeric'};
    if (data.timeZone) {
      opts.timeZone = data.timeZone;
    }
    let parts;
    try {
      parts = new Intl.DateTimeFormat('en-GB', opts).formatToParts(d);
    } catch (e) {
      delete opts.timeZone;
      parts = new Intl.DateTimeFormat('en-GB', opts).formatToParts(d);
    }
    const p = {};
    parts.forEach(function (x) { p[x.type] = x.value; });
    const day = Number(p.day);
    const month = Number(p.month);
    const pad = function (n) { return n < 10 ? '0' + n : String(n); };
    let monthName = String(month);
    try {
      const o = {month: 'long'};
      if (opts.timeZone) {
        o.timeZone = opts.timeZone;
      }
      monthName = new Intl.DateTimeFormat(locale, o).format(d);
    } catch (e) {
      // the number will do
    }
    return {
      iso: p.year + '-' + pad(month) + '-' + pad(day),
      Day: String(day), Day2: pad(day), Month: String(month),
      MonthOfficial: month <= 2 ? pad(month) : String(month),
      MonthName: monthName, Year: p.year,
    };
  }

  // dateElement writes a date as the site's pages do: with the words of
  // the interface string date_long, in the site's time zone.
  function dateElement(seconds) {
    const p = dateParts(seconds);
    const t = document.createElement('time');
    t.dateTime = p.iso;
    t.textContent = data.date ? fill(data.date, p) : p.Day + ' ' + p.MonthName + ' ' + p.Year;
    return t;
  }

  // highlight appends text to el with the words of the query in <mark>;
  // neighbouring words ("Bình Phước") share one mark.
  function highlight(el, text, folds) {
    const spans = [];
    tokens(text).forEach(function (t) {
      if (!folds.has(t.fold)) {
        return;
      }
      const last = spans[spans.length - 1];
      if (last && /^\s+$/.test(text.slice(last.end, t.start))) {
        last.end = t.end;
      } else {
        spans.push({start: t.start, end: t.end});
      }
    });
    let at = 0;
    spans.forEach(function (s) {
      el.appendChild(document.createTextNode(text.slice(at, s.start)));
      const mark = document.createElement('mark');
      mark.textContent = text.slice(s.start, s.end);
      el.appendChild(mark);
      at = s.end;
    });
    el.appendChild(document.createTextNode(text.slice(at)));
  }

  function item(doc, folds) {
    const li = document.createElement('li');
    const art = document.createElement('article');
    art.className = 'item';
    const h = document.createElement('h3');
    h.className = 'item-title';
    const a = document.createElement('a');
    a.href = doc.url;
    highlight(a, doc.title, folds);
    h.appendChild(a);
    art.appendChild(h);
    const meta = document.createElement('p');
    meta.className = 'meta';
    if (doc.date) {
      meta.appendChild(dateElement(doc.date));
    }
    if (doc.area) {
      if (doc.date) {
        const sep = document.createElement('span');
        sep.className = 'sep';
        sep.setAttribute('aria-hidden', 'true');
        sep.textContent = ' · ';
        meta.appendChild(sep);
      }
      const area = document.createElement('span');
      area.className = 'area';
      area.textContent = doc.area;
      meta.appendChild(area);
    }
    art.appendChild(meta);
    if (doc.summary) {
      const p = document.createElement('p');
      p.className = 'summary';
      highlight(p, doc.summary, folds);
      art.appendChild(p);
    }
    li.appendChild(art);
    return li;
  }

  let current = null; // the search being shown

  async function showMore(s) {
    const from = s.shown;
    const page = s.hits.slice(from, from + pageSize);
    const docs = await Promise.all(page.map(function (h) { return describe(s.manifest, h); }));
    if (s !== current) {
      return;
    }
    let first = null;
    docs.forEach(function (d) {
      if (!d) {
        return;
      }
      const li = item(d, s.folds);
      list.appendChild(li);
      if (!first) {
        first = li;
      }
    });
    s.shown = Math.min(from + pageSize, s.hits.length);
    more.hidden = s.shown >= s.hits.length;
    return first;
  }

  function setStatus(text) {
    status.textContent = text;
  }

  const pageTitle = document.title;

  async function run(query) {
    const s = {query: query, hits: [], shown: 0};
    current = s;
    list.textContent = '';
    more.hidden = true;
    section.hidden = true;
    document.title = query.trim() ? '“' + query.trim() + '” – ' + pageTitle : pageTitle;
    if (!query.trim()) {
      setStatus(data.empty);
      return;
    }
    setStatus(data.searching);
    list.setAttribute('aria-busy', 'true');
    try {
      const q = parseQuery(query);
      if (q.words.length === 0) {
        setStatus(fill(data.none, {query: query}));
        return;
      }
      const attempt = async function (fresh) {
        const m = await loadManifest(fresh);
        const res = await find(m, q);
        if (s !== current) {
          return res;
        }
        list.textContent = '';
        section.hidden = false;
        s.manifest = m;
        s.hits = res.hits;
        s.shown = 0;
        s.folds = new Set(q.words.map(function (w) { return w.fold; }));
        await showMore(s);
        return res;
      };
      let res;
      try {
        res = await attempt(false);
      } catch (e) {
        // A file named by an older manifest is gone after a publication:
        // start again from the current one.
        res = await attempt(true);
      }
      if (s !== current) {
        return;
      }
      const values = {query: query, count: count(s.hits.length)};
      if (s.hits.length === 0) {
        setStatus(fill(data.none, values));
      } else if (!res.all) {
        setStatus(fill(data.some, values));
      } else {
        const one = plural && plural.select(s.hits.length) === 'one';
        setStatus(fill(one ? data.resultsOne : data.resultsOther, values));
      }
    } catch (e) {
      if (s === current) {
        setStatus(data.error);
      }
    } finally {
      if (s === current) {
        list.removeAttribute('aria-busy');
      }
    }
  }

  function queryFromAddress() {
    return new URLSearchParams(location.search).get('q') || '';
  }

  form.addEventListener('submit', function (e) {
    e.preventDefault();
    const query = input.value.trim();
    const url = new URL(location.href);
    if (query) {
      url.searchParams.set('q', query);
    } else {
      url.searchParams.delete('q');
    }
    if (url.href !== location.href) {
      history.pushState(null, '', url.href);
    }
    run(query);
  });

  window.addEventListener('popstate', function () {
    input.value = queryFromAddress();
    run(input.value);
  });

  more.addEventListener('click', async function () {
    const s = current;
    if (!s || !s.manifest) {
      return;
    }
    try {
      const first = await showMore(s);
      if (s !== current) {
        return;
      }
      setStatus(fill(data.shown, {shown: count(s.shown), count: count(s.hits.length)}));
      // Keyboard and screen reader users continue at the first new result.
      const link = first && first.querySelector('a');
      if (link) {
        link.focus();
      }
    } catch (e) {
      setStatus(data.error);
    }
  });

  const initial = queryFromAddress();
  if (initial) {
    input.value = initial;
    run(initial);
  }
})();
