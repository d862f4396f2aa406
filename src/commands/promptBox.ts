// The prompt: from the editor's selection, or typed in a one-line box. A line break is shown as ⏎
// in the box (as the summary shows it) and comes back as a line break.
import * as vscode from 'vscode';
import { t } from '../api/i18n';
import { UserCancelled } from '../common/cancelled';

/**
 * Asks for the prompt, pre-filled with `value` (or the kept draft). The title and the hint say
 * what the text is for: the motion of one image, a video of several, or the whole video.
 */
export async function askPrompt(images: readonly vscode.Uri[], value: string | undefined): Promise<string> {
  const names = images.map((i) => i.path.split('/').pop());
  const breaks = value?.includes('\n') ?? false;
  const prompt = await vscode.window.showInputBox({
    title:
      images.length > 1
        ? t('Seedance: a video from {0} images', images.length)
        : images.length
          ? t('Seedance: animate {0}', names[0] ?? '')
          : t('Seedance: Generate Video'),
    prompt: [
      images.length > 1
        ? t('Describe the video; refer to the images as {0}', names.map((n, i) => `[Image ${i + 1}] (${n})`).join(', '))
        : images.length
          ? t('Describe the motion: what happens, how the camera moves')
          : t('Describe the video: subject, action, setting, camera, light'),
      ...(breaks ? [t('⏎ marks a line break, and stays one')] : []),
    ].join(' · '),
    placeHolder:
      images.length > 1
        ? t('The character of [Image 1] walks through the landscape of [Image 2]')
        : t('A slow cinematic camera push across a coastal landscape at sunrise'),
    value: value === undefined ? undefined : toOneLine(value),
    ignoreFocusOut: true,
    validateInput: (v) => (fromOneLine(v).trim() ? undefined : t('Describe the video you want.')),
  });
  if (prompt === undefined) throw new UserCancelled();
  return fromOneLine(prompt);
}

/** The editor's selection, trimmed, lines kept; undefined when nothing is selected. */
export function selectedText(): string | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const text = editor.selections
    .map((s) => editor.document.getText(s))
    .join('\n')
    .trim();
  return text || undefined;
}

/** A prompt in a one-line box: each line break as ⏎ (the summary shows it the same way). */
export function toOneLine(prompt: string): string {
  return prompt.split('\n').join(' ⏎ ');
}

/** Back from the box: each ⏎ (and the spaces around it) is a line break again. */
export function fromOneLine(text: string): string {
  return text.split(/[ \t]*⏎[ \t]*/).join('\n');
}
