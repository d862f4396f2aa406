// The last frame of a finished video, as a PNG at the video's own size, captured the way the
// gallery makes posters: a webview's <video> and a canvas, no decoder of our own. The panel
// opens beside the editor without taking focus, and closes as soon as the frame is in.
import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { isSymbolicLink } from '../api/confine';
import { t } from '../api/i18n';

const TIMEOUT_MS = 20_000;

/** Captures the last frame of `video` and saves it as `<video>.last-frame.png` beside it. */
export async function saveLastFrame(video: string): Promise<vscode.Uri> {
  const png = await captureLastFrame(vscode.Uri.file(video));
  const target = video.replace(/\.mp4$/i, '') + '.last-frame.png';
  // Written whole under an unpredictable name created fresh, then renamed: never a half-written
  // image beside the video, and never a write through a link planted at a name of ours.
  if (await isSymbolicLink(target))
    throw new Error(t('{0} is a symbolic link; the last frame was not written through it', target));
  const partial = `${target}.${randomBytes(6).toString('hex')}.partial`;
  try {
    await writeFile(partial, png, { flag: 'wx' });
    await rename(partial, target);
  } finally {
    await rm(partial, { force: true });
  }
  return vscode.Uri.file(target);
}

async function captureLastFrame(video: vscode.Uri): Promise<Buffer> {
  const panel = vscode.window.createWebviewPanel(
    'seedance.lastFrame',
    t('Seedance: last frame'),
    { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
    { enableScripts: true, localResourceRoots: [vscode.Uri.file(dirname(video.fsPath))] },
  );
  try {
    const nonce = randomBytes(16).toString('base64');
    const src = panel.webview.asWebviewUri(video).toString();
    const frame = new Promise<Buffer>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(t('The video could not be read to capture its last frame.'))),
        TIMEOUT_MS,
      );
      panel.webview.onDidReceiveMessage((m: { type: string; dataUrl?: string; error?: string }) => {
        clearTimeout(timer);
        const data = m.type === 'frame' ? /^data:image\/png;base64,([A-Za-z0-9+/=]+)$/.exec(m.dataUrl ?? '') : null;
        if (data) resolve(Buffer.from(data[1], 'base64'));
        else reject(new Error(t('The video could not be read to capture its last frame: {0}', m.error ?? '?')));
      });
    });
    panel.webview.html = `<!DOCTYPE html>
<html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; media-src ${panel.webview.cspSource}; script-src 'nonce-${nonce}'">
</head><body>
<p>${t('Capturing the last frame…')}</p>
<video id="v" muted preload="auto" src="${src}"></video>
<script nonce="${nonce}">
const vscode = acquireVsCodeApi();
const v = document.getElementById('v');
v.addEventListener('error', () => vscode.postMessage({ type: 'error', error: String(v.error && v.error.message) }));
// The last frame: a hair before the end (seeking to the very end may show nothing).
v.addEventListener('loadedmetadata', () => { v.currentTime = Math.max(0, v.duration - 0.05); });
v.addEventListener('seeked', () => {
  const c = document.createElement('canvas');
  c.width = v.videoWidth; c.height = v.videoHeight;
  c.getContext('2d').drawImage(v, 0, 0);
  vscode.postMessage({ type: 'frame', dataUrl: c.toDataURL('image/png') });
}, { once: true });
</script></body></html>`;
    return await frame;
  } finally {
    panel.dispose();
  }
}
