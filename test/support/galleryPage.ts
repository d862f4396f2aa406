// The gallery's page script on its own in Chromium, as the webview runs it: the same element ids,
// its stylesheet, and a stand-in for the webview's API that records what the page sends.

/** The page around `script` (a file name beside it), with the gallery's stylesheet. */
export const galleryPageHtml = (script: string) => `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><link rel="stylesheet" href="gallery.css">
<script type="application/json" id="strings">{"allModels":"All models","count":"{0} of {1}","noMatch":"No video’s prompt matches “{0}”.","otherVideos":"Other videos","more":"More Actions…","reveal":"Reveal","copyPrompt":"Copy Prompt","again":"Generate Again","continue":"Continue from Last Frame","remove":"Remove from List"}</script>
<script>window.sent = []; window.acquireVsCodeApi = () => ({ getState: () => undefined, setState: () => undefined, postMessage: (m) => window.sent.push(m) });</script>
</head><body>
<header><input id="filter" type="search"><select id="model"></select><span id="count"></span></header>
<main id="grid" role="list"></main>
<p id="nomatch" hidden><span id="nomatch-text"></span> <button id="clear" type="button">Clear</button></p>
<p id="empty" hidden>No videos yet.</p>
<canvas id="capture" hidden></canvas>
<script src="${script}"></script>
</body></html>`;
