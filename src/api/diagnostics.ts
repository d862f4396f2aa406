// The diagnostic report a person can send for one job: what the extension sent and what the
// provider answered (method, path, status, timings, the answers' JSON), the versions and the
// connection, with the key, every signed link's query and (unless asked) the prompt replaced by
// placeholders. This is how an answer nobody here has seen reaches the project. Plain text, English.
import type { Exchange } from './transcript';

export interface ReportInput {
  readonly taskId: string;
  /** Where the job stands, in the extension's words (phase, provider status, failure). */
  readonly state: Readonly<Record<string, string | number | undefined>>;
  readonly exchanges: readonly Exchange[];
  readonly extensionVersion: string;
  readonly vscodeVersion: string;
  readonly platform: string;
  readonly baseUrl: string;
  /** The proxy in use (its origin only), if any. */
  readonly proxy?: string;
  /** Removed wherever it appears. */
  readonly key?: string;
  /** The job's prompt: removed unless `includePrompt`. */
  readonly prompt?: string;
  readonly includePrompt?: boolean;
}

export function diagnosticReport(o: ReportInput): string {
  const clean = (text: string) => redact(text, o);
  const lines = [
    `# Seedance diagnostic report: task ${o.taskId}`,
    '',
    `- extension: seedance-video ${o.extensionVersion}`,
    `- VS Code: ${o.vscodeVersion} (${o.platform})`,
    `- API: ${origin(o.baseUrl)}`,
    `- proxy: ${o.proxy ? origin(o.proxy) : 'none'}`,
    `- made: ${new Date().toISOString()}`,
    '',
    '## The job',
    '',
    ...Object.entries(o.state)
      .filter(([, v]) => v !== undefined && v !== '')
      .map(([k, v]) => `- ${k}: ${clean(String(v))}`),
    '',
    `## Requests and answers (${o.exchanges.length})`,
  ];
  if (!o.exchanges.length)
    lines.push('', 'None recorded in this window (they are kept in memory, from the moment VS Code started).');
  for (const e of o.exchanges) {
    lines.push(
      '',
      `### ${new Date(e.at).toISOString()} ${e.method} ${e.target === 'video' ? '(video) ' : ''}${clean(e.path)} → ${e.status ?? 'no answer'} in ${e.ms} ms`,
    );
    if (e.error) lines.push('', `error: ${clean(e.error)}`);
    if (e.answer) lines.push('', '```json', clean(pretty(e.answer)), '```');
  }
  return `${lines.join('\n')}\n`;
}

/** The key, signed queries and (unless included) the prompt, replaced by placeholders. */
export function redact(text: string, o: Pick<ReportInput, 'key' | 'prompt' | 'includePrompt'>): string {
  let out = text;
  if (o.key) out = out.split(o.key).join('[API key removed]');
  // Any URL's query may be a signature or a credential: only its origin and path stay.
  out = out.replace(/(https?:\/\/[^\s"'?#<>]+)\?[^\s"'<>]*/gi, '$1?[query removed]');
  if (!o.includePrompt && o.prompt) {
    const placeholder = `[prompt removed: ${[...o.prompt].length} characters]`;
    for (const form of new Set([o.prompt, JSON.stringify(o.prompt).slice(1, -1), o.prompt.trim()]))
      if (form) out = out.split(form).join(placeholder);
    // A prompt field in an answer, whatever it holds.
    out = out.replace(/("prompt"\s*:\s*)"(?:[^"\\]|\\.)*"/g, `$1"${placeholder}"`);
  }
  return out;
}

function pretty(answer: string): string {
  try {
    return JSON.stringify(JSON.parse(answer), null, 2);
  } catch {
    return answer;
  }
}

function origin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '(unreadable)';
  }
}
