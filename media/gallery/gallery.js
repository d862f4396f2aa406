// The gallery page. Cards come from the extension; everything the person does goes back to it as
// a message. The filter and the model choice are kept with setState (hidden and restored, or a
// window reload). Posters: a finished video without one is loaded muted, a frame at 1 s is drawn
// on a canvas and sent back as a PNG, once, two at a time, only for cards on the page.
// At any size: the extension sends the cards that changed and the order; each card's element is
// made once and kept while its card is the same; cards are added a page at a time as the person
// scrolls near the end, so a thousand videos cost what one screen costs.
// @ts-check
(function () {
  // @ts-expect-error acquireVsCodeApi is provided by the webview host.
  const vscode = acquireVsCodeApi();
  // The kept state is read, not trusted: only text survives (a damaged one must not stop the page).
  const kept = vscode.getState() || {};
  const state = {
    filter: typeof kept.filter === 'string' ? kept.filter : '',
    model: typeof kept.model === 'string' ? kept.model : '',
  };
  const grid = /** @type {HTMLElement} */ (document.getElementById('grid'));
  const filter = /** @type {HTMLInputElement} */ (document.getElementById('filter'));
  const model = /** @type {HTMLSelectElement} */ (document.getElementById('model'));
  const count = /** @type {HTMLElement} */ (document.getElementById('count'));
  const empty = /** @type {HTMLElement} */ (document.getElementById('empty'));
  const noMatch = /** @type {HTMLElement} */ (document.getElementById('nomatch'));
  const noMatchText = /** @type {HTMLElement} */ (document.getElementById('nomatch-text'));
  const clear = /** @type {HTMLButtonElement} */ (document.getElementById('clear'));
  const canvas = /** @type {HTMLCanvasElement} */ (document.getElementById('capture'));
  /** The extension's words for this page, in the person's language. */
  const say = JSON.parse(document.getElementById('strings')?.textContent || '{}');
  /** Every card by id, and their order (the extension's). @type {Map<string, any>} */
  const byId = new Map();
  /** @type {string[]} */
  let order = [];
  /** Each card's element, made for the card object it shows. @type {Map<string, {card: any, node: HTMLElement}>} */
  const made = new Map();
  const asked = new Set();
  /** Cards put on the page: a page more each time the end comes into view. */
  const PAGE = 30;
  let limit = PAGE;
  const sentinel = el('div', { class: 'more', 'aria-hidden': 'true' });
  /** Another page when the end of what is drawn comes within a screen of the view (after a draw, on scroll). */
  let filling = false;
  function fillView() {
    if (filling) return;
    filling = true;
    window.requestAnimationFrame(() => {
      filling = false;
      if (sentinel.isConnected && sentinel.getBoundingClientRect().top < window.innerHeight * 2) {
        limit += PAGE;
        render();
      }
    });
  }
  window.addEventListener('scroll', fillView, { passive: true });
  window.addEventListener('resize', fillView, { passive: true });

  filter.value = state.filter;
  filter.addEventListener('input', () => save({ filter: filter.value }));
  model.addEventListener('change', () => save({ model: model.value }));
  clear.addEventListener('click', () => {
    filter.value = '';
    model.value = '';
    save({ filter: '', model: '' });
    filter.focus();
  });

  function save(change) {
    Object.assign(state, change);
    vscode.setState(state);
    limit = PAGE;
    render();
  }

  window.addEventListener('message', (e) => {
    const m = e.data;
    if (!m || m.type !== 'cards' || !Array.isArray(m.order) || !Array.isArray(m.changed)) return;
    for (const c of m.changed) if (c && typeof c.id === 'string') byId.set(c.id, c);
    order = m.order.filter((id) => byId.has(id));
    const listed = new Set(order);
    for (const id of [...byId.keys()]) if (!listed.has(id)) byId.delete(id);
    for (const id of [...made.keys()]) if (!listed.has(id)) made.delete(id);
    render();
  });

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === false) continue;
      if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children) if (c !== undefined) node.append(c);
    return node;
  }

  function render() {
    const cards = order.map((id) => byId.get(id));
    const models = [...new Set(cards.map((c) => c.model).filter(Boolean))].sort();
    model.replaceChildren(
      el('option', { value: '' }, say.allModels),
      ...models.map((m) => el('option', { value: m, selected: m === state.model }, m)),
    );
    if (state.model && !models.includes(state.model)) state.model = '';
    model.value = state.model;
    const words = state.filter.toLocaleLowerCase().split(/\s+/).filter(Boolean);
    const shown = cards.filter(
      (c) => (!state.model || c.model === state.model) && words.every((w) => c.prompt.toLocaleLowerCase().includes(w)),
    );
    count.textContent = say.count.replace('{0}', String(shown.length)).replace('{1}', String(cards.length));
    empty.hidden = cards.length > 0;
    // Videos, but none that the filter matches: say what matched nothing, and offer to clear it.
    noMatch.hidden = !(cards.length > 0 && shown.length === 0);
    if (!noMatch.hidden)
      noMatchText.textContent = words.length
        ? say.noMatch.replace('{0}', state.filter.trim())
        : say.noMatchModel.replace('{0}', state.model);
    // A script's cards come together, in scene order: its file name heads them.
    const nodes = [];
    let group;
    for (const c of shown.slice(0, limit)) {
      // After a script's cards, the others get a heading of their own.
      if (c.group !== group && (c.group || group))
        nodes.push(el('h2', { class: 'group', dir: 'auto' }, c.group || say.otherVideos));
      group = c.group;
      nodes.push(nodeOf(c));
    }
    if (shown.length > limit) nodes.push(sentinel);
    grid.replaceChildren(...nodes);
    if (shown.length > limit) fillView();
  }

  /** The card's element: the one made before while the card is the same, else a new one. */
  function nodeOf(c) {
    const held = made.get(c.id);
    if (held && held.card === c) return held.node;
    const node = card(c);
    made.set(c.id, { card: c, node });
    return node;
  }

  /** Small line icons (16×16, the theme's colour): the page has no icon font. */
  const ICONS = {
    reveal: 'M1.5 3.5h4.5l1.5 1.5h7v8.5h-13z',
    copyPrompt: 'M5.5 5.5h8v8h-8z M2.5 10.5v-8h8',
    again: 'M13.5 8a5.5 5.5 0 1 1-1.6-3.9 M12.5 1.5v3h-3',
    continue: 'M2.5 3l7 5-7 5z M12.5 3v10',
    remove: 'M4 4l8 8 M12 4l-8 8',
    more: 'M3 8h.01 M8 8h.01 M13 8h.01',
  };

  function icon(name) {
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 16 16');
    svg.setAttribute('aria-hidden', 'true');
    const path = document.createElementNS(ns, 'path');
    path.setAttribute('d', ICONS[name]);
    svg.append(path);
    return svg;
  }

  /** An icon button: its name is its tooltip and what a screen reader says. */
  function iconButton(name, label, onclick) {
    return el('button', { type: 'button', class: 'icon', title: label, 'aria-label': label, onclick }, icon(name));
  }

  /** Opens the card's menu (the same as a right-click) under the button that asked for it. */
  function openMenu(node, button) {
    const box = button.getBoundingClientRect();
    node.dispatchEvent(
      new MouseEvent('contextmenu', { bubbles: true, cancelable: true, clientX: box.left, clientY: box.bottom }),
    );
  }

  function card(c) {
    const file = c.kind === 'file';
    const post = (type) => (e) => {
      e.stopPropagation();
      vscode.postMessage(file ? { type, path: c.path } : { type, id: c.id });
    };
    const frame = el('div', { class: 'frame' });
    if (c.ready && c.poster) frame.append(el('img', { src: c.poster, alt: '' }));
    // A video made elsewhere has no poster of ours: its first frame, from the file's header.
    if (file && c.video) frame.append(el('video', { src: c.video, muted: true, preload: 'metadata' }));
    if (!c.ready) {
      frame.append(el('div', { class: 'progress' }, c.progress || '…'));
      // The page's CSP forbids style attributes; the fill's width is set through the CSSOM.
      const pct = parseInt(c.progress || '', 10);
      if (pct >= 0) {
        const fill = el('div', { class: 'fill' });
        fill.style.width = `${Math.min(100, pct)}%`;
        frame.append(
          el(
            'div',
            {
              class: 'bar',
              role: 'progressbar',
              'aria-valuemin': '0',
              'aria-valuemax': '100',
              'aria-valuenow': String(pct),
            },
            fill,
          ),
        );
      }
    }
    if (c.ready && !file && !c.poster && !asked.has(c.id)) capture(c);
    const open = () =>
      c.ready && vscode.postMessage(file ? { type: 'openFile', path: c.path } : { type: 'open', id: c.id });
    // Right-click (or Shift+F10) on a card: VS Code's own menu, from the webview/context menus.
    const context = file
      ? { webviewSection: 'elsewhere', kind: 'file', path: c.path, preventDefaultContextMenuItems: true }
      : { webviewSection: c.ready ? 'card' : 'rendering', id: c.id, preventDefaultContextMenuItems: true };
    const node = el(
      'article',
      {
        class: file ? 'card elsewhere' : 'card',
        role: 'listitem',
        tabindex: '0',
        'data-id': c.id,
        'data-vscode-context': JSON.stringify(context),
        'aria-label': c.prompt,
        onclick: open,
      },
      frame,
      el(
        'div',
        { class: 'text' },
        el('p', { class: 'prompt', dir: 'auto', title: c.prompt }, c.prompt),
        c.details ? el('p', { class: 'meta' }, c.details) : undefined,
        el('p', { class: 'meta' }, c.ready && !file ? [c.date, c.cost].filter(Boolean).join(' · ') : c.status),
      ),
    );
    if (c.ready) {
      const more = iconButton('more', say.more, (e) => {
        e.stopPropagation();
        openMenu(node, more);
      });
      node.append(
        el(
          'div',
          { class: 'actions' },
          ...(file
            ? [iconButton('reveal', say.reveal, post('reveal'))]
            : [
                iconButton('reveal', say.reveal, post('reveal')),
                iconButton('copyPrompt', say.copyPrompt, post('copyPrompt')),
                iconButton('again', say.again, post('again')),
                iconButton('continue', say.continue, post('continue')),
                iconButton('remove', say.remove, post('remove')),
              ]),
          more,
        ),
      );
    }
    node.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && e.target === node) open();
    });
    // Hovering or focusing plays it muted, in place; leaving shows the poster again.
    if (c.ready && c.video && !file) {
      const play = () => {
        if (frame.querySelector('video')) return;
        const v = el('video', { src: c.video, muted: true, loop: true, playsinline: true, autoplay: true });
        /** @type {HTMLVideoElement} */ (v).muted = true;
        frame.append(v);
      };
      const stop = () => frame.querySelector('video')?.remove();
      node.addEventListener('mouseenter', play);
      node.addEventListener('focus', play);
      node.addEventListener('mouseleave', stop);
      node.addEventListener('blur', stop);
    }
    return node;
  }

  /** Posters still to capture, and how many videos are loading for it now. */
  const captures = [];
  let capturing = 0;

  /** A frame of the video (at 1 s, or its middle if shorter) as a PNG for the extension to keep. */
  function capture(c) {
    asked.add(c.id);
    captures.push(c);
    nextCapture();
  }

  function nextCapture() {
    while (capturing < 2 && captures.length) {
      capturing++;
      captureNow(/** @type {any} */ (captures.shift()), () => {
        capturing--;
        nextCapture();
      });
    }
  }

  function captureNow(c, done) {
    const v = /** @type {HTMLVideoElement} */ (el('video', { src: c.video, muted: true, preload: 'auto' }));
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      v.removeAttribute('src');
      v.load();
      done();
    };
    v.addEventListener('error', finish);
    // A video that never gets to its frame does not hold up the others.
    window.setTimeout(finish, 15_000);
    v.muted = true;
    v.addEventListener('loadedmetadata', () => {
      v.currentTime = Math.min(1, (v.duration || 2) / 2);
    });
    v.addEventListener('seeked', () => {
      const width = Math.min(480, v.videoWidth || 480);
      canvas.width = width;
      canvas.height = Math.round((width * (v.videoHeight || 270)) / (v.videoWidth || 480));
      const ctx = canvas.getContext('2d');
      if (ctx) ctx.drawImage(v, 0, 0, canvas.width, canvas.height);
      try {
        if (ctx) vscode.postMessage({ type: 'poster', id: c.id, dataUrl: canvas.toDataURL('image/png') });
      } catch {
        // A canvas the browser will not read back: the card keeps its placeholder.
      }
      finish();
    });
  }

  render();
  vscode.postMessage({ type: 'ready' });
})();
