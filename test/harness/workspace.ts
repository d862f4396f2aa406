// The workspace folder the harness opens: a script to select from and a few sample images,
// one of them a text file with an image's name.
import { cp, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fixture } from '../support/paths';

export const SCRIPT = `# Opening scene

A slow cinematic camera push across a coastal landscape at sunrise, waves rolling in,
gulls crossing the frame, warm light breaking through low clouds.

# Second scene

A paper boat drifts down a rain-soaked city street at night, neon reflections in the puddles.
`;

export async function createWorkspace(dir: string, settings?: Record<string, unknown>): Promise<string> {
  await mkdir(join(dir, 'images'), { recursive: true });
  for (const name of ['sample.jpg', 'sample.png', 'sample.webp', 'not-an-image.png', 'actually-png.jpg']) {
    await cp(fixture('images', name), join(dir, 'images', name));
  }
  await writeFile(join(dir, 'script.md'), SCRIPT);
  if (settings) {
    await mkdir(join(dir, '.vscode'), { recursive: true });
    await writeFile(join(dir, '.vscode', 'settings.json'), JSON.stringify(settings, null, 2));
  }
  return dir;
}
