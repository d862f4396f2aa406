// Test-only extension: a file system that lives in memory (memfs:/), seeded with a small project,
// so a test can open a virtual workspace. Only what VS Code needs to browse and edit files.
'use strict';
const vscode = require('vscode');

const now = () => Date.now();
const file = (text) => ({ type: vscode.FileType.File, ctime: now(), mtime: now(), data: Buffer.from(text) });
const dir = () => ({ type: vscode.FileType.Directory, ctime: now(), mtime: now(), entries: new Map() });

class MemFs {
  constructor() {
    this.root = dir();
    this.emitter = new vscode.EventEmitter();
    this.onDidChangeFile = this.emitter.event;
    const project = dir();
    project.entries.set('script.md', file('# A scene\n\nA paper boat drifts down a rain-soaked street at night.\n'));
    // Sniffs as a PNG; it only has to be offered the image menu and be refused for not being on disk.
    project.entries.set('still.png', {
      ...file(''),
      data: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]),
    });
    this.root.entries.set('project', project);
  }
  lookup(uri) {
    let entry = this.root;
    for (const part of uri.path.split('/').filter(Boolean)) {
      entry = entry.type === vscode.FileType.Directory ? entry.entries.get(part) : undefined;
      if (!entry) throw vscode.FileSystemError.FileNotFound(uri);
    }
    return entry;
  }
  parent(uri) {
    return this.lookup(uri.with({ path: uri.path.replace(/\/[^/]+\/?$/, '') || '/' }));
  }
  name(uri) {
    return uri.path.split('/').filter(Boolean).pop();
  }
  watch() {
    return new vscode.Disposable(() => undefined);
  }
  stat(uri) {
    const e = this.lookup(uri);
    return { type: e.type, ctime: e.ctime, mtime: e.mtime, size: e.data ? e.data.length : 0 };
  }
  readDirectory(uri) {
    return [...this.lookup(uri).entries].map(([name, e]) => [name, e.type]);
  }
  createDirectory(uri) {
    this.parent(uri).entries.set(this.name(uri), dir());
    this.emitter.fire([{ type: vscode.FileChangeType.Created, uri }]);
  }
  readFile(uri) {
    const e = this.lookup(uri);
    if (e.type !== vscode.FileType.File) throw vscode.FileSystemError.FileIsADirectory(uri);
    return e.data;
  }
  writeFile(uri, content) {
    const parent = this.parent(uri);
    const existing = parent.entries.get(this.name(uri));
    parent.entries.set(this.name(uri), { ...file(''), data: Buffer.from(content) });
    this.emitter.fire([{ type: existing ? vscode.FileChangeType.Changed : vscode.FileChangeType.Created, uri }]);
  }
  delete(uri) {
    this.parent(uri).entries.delete(this.name(uri));
    this.emitter.fire([{ type: vscode.FileChangeType.Deleted, uri }]);
  }
  rename(from, to) {
    const entry = this.lookup(from);
    this.parent(from).entries.delete(this.name(from));
    this.parent(to).entries.set(this.name(to), entry);
    this.emitter.fire([
      { type: vscode.FileChangeType.Deleted, uri: from },
      { type: vscode.FileChangeType.Created, uri: to },
    ]);
  }
}

exports.activate = function activate(context) {
  context.subscriptions.push(
    vscode.workspace.registerFileSystemProvider('memfs', new MemFs(), { isCaseSensitive: true }),
  );
};
exports.deactivate = function deactivate() {};
