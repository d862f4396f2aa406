// Text from a person, a repository or the provider, made safe for where it goes: escaped where
// VS Code draws `$(name)` as an icon (lens titles, quick-pick labels), refused where a line break
// would change meaning (a folder name in a list ffmpeg reads line by line).

/** `$(zap)` → `\$(zap)`: shown as the characters, not the icon. */
export function escapeIcons(text: string): string {
  return text.replace(/(\\)?\$\([A-Za-z0-9~-]*\)/g, (match, escaped) => (escaped ? match : `\\${match}`));
}

// Control characters are exactly what this looks for.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Whether `text` has a line break or another control character. */
export function hasControlCharacters(text: string): boolean {
  return CONTROL.test(text);
}
