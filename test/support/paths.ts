// Paths inside the repository, wherever the compiled test code runs from (out/test/...).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

function findRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'test', 'simulator'))) return dir;
    if (dirname(dir) === dir) throw new Error(`repository root not found above ${start}`);
  }
}

export const REPO_ROOT = findRoot(__dirname);
export const fixture = (...parts: string[]) => join(REPO_ROOT, 'test', 'fixtures', ...parts);
export const SAMPLE_MP4 = join(REPO_ROOT, 'test', 'simulator', 'assets', 'sample.mp4');
