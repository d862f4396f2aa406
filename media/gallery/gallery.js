// The gallery page. Cards come from the extension; everything the person does goes back to it as
// a message. The filter and the model choice are kept with setState (hidden and restored, or a
// window reload). Posters: a finished video without one is loaded muted, a frame at 1 s is drawn
// on a canvas and sent back as a PNG, once.
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
  /** @type {any[]} */
  let cards = [];
  const asked = new Set();

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
    render();
  }

  window.addEventListener('message', (e) => {
    if (e.data && e.data.type === 'cards') {
      cards = e.data.cards;
      render();
    }
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
    const models = [...new Set(cards.map((c) => c.model))].sort();
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
    for (const c of shown) {
      // After a script's cards, the others get a heading of their own.
      if (c.group !== group && (c.group || group))
        nodes.push(el('h2', { class: 'group', dir: 'auto' }, c.group || say.otherVideos));
      group = c.group;
      nodes.push(card(c));
    }
    grid.replaceChildren(...nodes);
  }

  function card(c) {
    const post = (type) => (e) => {
      e.stopPropagation();
      vscode.postMessage({ type, id: c.id });
    };
    const frame = el('div', { class: 'frame' });
    if (c.ready && c.poster) frame.append(el('img', { src: c.poster, alt: '' }));
    if (!c.ready) {
      frame.append(el('div', { class: 'progress' }, c.progress || '…'));
      // A <progress> element: the page's CSP forbids inline styles, so no style="width:…".
      const pct = parseInt(c.progress || '', 10);
      if (pct >= 0)
        frame.append(el('progress', { class: 'bar', max: '100', value: String(pct), 'aria-hidden': 'true' }));
    }
    if (c.ready && !c.poster && !asked.has(c.id)) capture(c);
    const node = el(
      'article',
      {
        class: 'card',
        role: 'listitem',
        tabindex: '0',
        'data-id': c.id,
        'aria-label': c.prompt,
        onclick: () => c.ready && vscode.postMessage({ type: 'open', id: c.id }),
      },
      frame,
      el(
        'div',
        { class: 'text' },
        el('p', { class: 'prompt', dir: 'auto', title: c.prompt }, c.prompt),
        el('p', { class: 'meta' }, c.details),
        el('p', { class: 'meta' }, c.ready ? [c.date, c.cost].filter(Boolean).join(' · ') : c.status),
      ),
      c.ready
        ? el(
            'div',
            { class: 'actions' },
            el('button', { onclick: post('reveal') }, say.reveal),
            el('button', { onclick: post('copyPrompt') }, say.copyPrompt),
            el('button', { onclick: post('again') }, say.again),
            el('button', { onclick: post('continue') }, say.continue),
            el('button', { onclick: post('remove') }, say.remove),
          )
        : undefined,
    );
    node.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && e.target === node && c.ready) vscode.postMessage({ type: 'open', id: c.id });
    });
    // Hovering or focusing plays it muted, in place; leaving shows the poster again.
    if (c.ready && c.video) {
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

  /** A frame of the video (at 1 s, or its middle if shorter) as a PNG for the extension to keep. */
  function capture(c) {
    asked.add(c.id);
    const v = /** @type {HTMLVideoElement} */ (el('video', { src: c.video, muted: true, preload: 'auto' }));
    v.muted = true;
    v.addEventListener('loadedmetadata', () => {
      v.currentTime = Math.min(1, (v.duration || 2) / 2);
    });
    v.addEventListener('seeked', () => {
      const width = Math.min(480, v.videoWidth || 480);
      canvas.width = width;
      canvas.height = Math.round((width * (v.videoHeight || 270)) / (v.videoWidth || 480));
      const ctx = canvas.getContext('2d');
      if (!ctx) return;
      ctx.drawImage(v, 0, 0, canvas.width, canvas.height);
      try {
        vscode.postMessage({ type: 'poster', id: c.id, dataUrl: canvas.toDataURL('image/png') });
      } catch {
        // A canvas the browser will not read back: the card keeps its placeholder.
      }
      v.removeAttribute('src');
      v.load();
    });
  }

  render();
  vscode.postMessage({ type: 'ready' });
})();
