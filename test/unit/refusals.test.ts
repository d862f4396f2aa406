// Every answer the route gives, understood: each refusal code and failure shape read by the parser
// and the error mapping, with the headline a person reads, in English and in Arabic. The shapes
// come from ../shared/api-contract.md ("What callers of this route have met").
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { SeedanceApiError, moderationOf, parseTask, refusalOf, useTranslator } from '../../src/api';
import { classifyResponse } from '../../src/api/classify';
import { REPO_ROOT } from '../support/paths';
import { join } from 'node:path';

const AR = JSON.parse(readFileSync(join(REPO_ROOT, 'l10n', 'bundle.l10n.ar.json'), 'utf8')) as Record<string, string>;
const arabic = (message: string, ...args: (string | number)[]) =>
  (AR[message] ?? `UNTRANSLATED ${message}`).replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)]));

/** The error an answer is read as. */
function refusalFor(status: number, body: unknown): SeedanceApiError {
  try {
    classifyResponse({ status, headers: {}, text: JSON.stringify(body) }, 'https://api.cometapi.com');
  } catch (err) {
    if (err instanceof SeedanceApiError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

const envelope = (code: string, message: string) => ({
  error: { message: `${message} (request id: 2026120112345678)`, type: 'comet_api_error', param: '', code },
});

const TABLE: {
  readonly what: string;
  readonly status: number;
  readonly body: unknown;
  readonly refusal: string;
  readonly kind: string;
  readonly english: RegExp;
  readonly arabic: RegExp;
}[] = [
  {
    what: 'an account with no balance',
    status: 403,
    body: envelope('insufficient_user_quota', "User's credit limit is insufficient, remaining credit limit: $0.000000"),
    refusal: 'balance',
    kind: 'permission',
    english: /^Your CometAPI balance is too low for this job \(insufficient_user_quota\)\. .*your key is fine\.$/,
    arabic: /رصيد/,
  },
  {
    what: 'the gateway’s other wording of it, with no code',
    status: 403,
    body: { error: { message: 'user quota is not enough', code: '' } },
    refusal: 'balance',
    kind: 'permission',
    english: /balance is too low/,
    arabic: /رصيد/,
  },
  {
    what: 'a key whose own limit is used up',
    status: 403,
    body: envelope('pre_consume_token_quota_failed', 'token quota is not enough, token remain quota: $0.000000'),
    refusal: 'key-limit',
    kind: 'permission',
    english: /^This API key's spending limit is used up \(pre_consume_token_quota_failed\)/,
    arabic: /حد الإنفاق/,
  },
  {
    what: 'a model the account cannot use (503 from the gateway)',
    status: 503,
    body: envelope('model_not_found', 'no available channel for model doubao-seedance-2-0 under group default'),
    refusal: 'model-unavailable',
    kind: 'invalid-request',
    english:
      /^doubao-seedance-2-0 is not enabled for your CometAPI account \(model_not_found\): choose another model\.$/,
    arabic: /doubao-seedance-2-0/,
  },
  {
    what: 'the same, as a 400 with no code',
    status: 400,
    body: { code: '', message: 'no available channel for model doubao-seedance-1-5-pro' },
    refusal: 'model-unavailable',
    kind: 'invalid-request',
    english: /^doubao-seedance-1-5-pro is not enabled/,
    arabic: /doubao-seedance-1-5-pro/,
  },
  {
    what: 'a 403 with no code of these (the firewall)',
    status: 403,
    body: envelope('', 'Forbidden'),
    refusal: 'firewall',
    kind: 'permission',
    english: /^The provider's firewall blocked the request \(403\): Forbidden\. This is not about your key\.$/,
    arabic: /جدار الحماية/,
  },
  {
    what: 'a refused key',
    status: 401,
    body: envelope('', 'Invalid token'),
    refusal: 'key-refused',
    kind: 'authentication',
    english: /^The API key was not accepted \(401\): Invalid token$/,
    arabic: /401/,
  },
];

describe('refusals, named for what they are', () => {
  afterEach(() => useTranslator());

  for (const row of TABLE) {
    it(`${row.what} → ${row.refusal}: its headline in English and Arabic, the request id kept apart`, () => {
      const err = refusalFor(row.status, row.body);
      assert.equal(err.refusal, row.refusal);
      assert.equal(err.kind, row.kind);
      assert.match(err.message, row.english);
      assert.doesNotMatch(err.message, /request id/i, 'never in the headline');
      if (JSON.stringify(row.body).includes('request id')) assert.equal(err.requestId, '2026120112345678');
      assert.equal(err.transient, false, 'never retried');
      useTranslator(arabic);
      const ar = refusalFor(row.status, row.body);
      assert.match(ar.message, row.arabic);
      assert.doesNotMatch(ar.message, /UNTRANSLATED/);
    });
  }

  it('nothing but a 401 is read as a wrong key', () => {
    for (const row of TABLE.filter((r) => r.status !== 401))
      assert.notEqual(refusalFor(row.status, row.body).kind, 'authentication', row.what);
    assert.equal(refusalOf(500, ''), undefined);
  });
});

describe('what moderation refused', () => {
  const failed = (body: object) => {
    const parsed = parseTask({ id: 'task_1', status: 'failed', ...body });
    assert.ok('task' in parsed);
    return parsed.task;
  };

  for (const [code, what] of [
    ['InputTextSensitiveContentDetected', 'prompt'],
    ['InputImageSensitiveContentDetected', 'image'],
    ['OutputVideoSensitiveContentDetected', 'output'],
    ['OutputAudioSensitiveContentDetected', 'audio'],
    ['SensitiveContentDetected', 'unspecified'],
  ] as const) {
    it(`${code} → ${what}, from error.code (current pages) or inside fail_reason (older)`, () => {
      const current = failed({ error: { code, message: 'may contain sensitive information' } });
      assert.equal(current.failureCode, code);
      assert.equal(moderationOf(current.failureCode, current.failureReason), what);
      const older = failed({ fail_reason: `${code}: The request failed because the output may be sensitive.` });
      assert.equal(older.failureCode, code);
      assert.equal(moderationOf(older.failureCode, older.failureReason), what);
    });
  }

  it('a failure that is not moderation is not taken for it', () => {
    const task = failed({ fail_reason: 'Internal error while rendering the video.' });
    assert.equal(moderationOf(task.failureCode, task.failureReason), undefined);
  });
});

describe('where the video link is', () => {
  const done = (body: object) => {
    const parsed = parseTask({ id: 'task_1', status: 'completed', progress: 100, ...body });
    assert.ok('task' in parsed);
    return parsed.task;
  };

  it('on success, a fail_reason that is a link is the link, and no failure', () => {
    const task = done({ fail_reason: 'https://cdn.example/v.mp4?X-Sig=1' });
    assert.equal(task.videoUrl, 'https://cdn.example/v.mp4?X-Sig=1');
    assert.equal(task.failureReason, undefined);
  });

  it('video_url wins over fail_reason; text in fail_reason is no link', () => {
    assert.equal(done({ video_url: 'https://a/v.mp4', fail_reason: 'https://b/v.mp4' }).videoUrl, 'https://a/v.mp4');
    assert.equal(done({ fail_reason: 'see https://b/v.mp4' }).videoUrl, undefined);
  });

  it('on failure, a link in fail_reason stays a reason (it is not a video)', () => {
    const parsed = parseTask({ id: 'task_1', status: 'failed', fail_reason: 'https://cdn.example/v.mp4' });
    assert.ok('task' in parsed);
    assert.equal(parsed.task.videoUrl, undefined);
  });
});

describe('an unknown task id, however the gateway words it', () => {
  it('is task-not-found from its code alone, from its message alone, and in the flat shape', () => {
    for (const body of [
      envelope('task_not_exist', 'no such task'),
      envelope('', 'task_not_exist'),
      { code: 'task_not_exist', message: 'the task is gone' },
    ])
      assert.equal(refusalFor(400, body).kind, 'task-not-found', JSON.stringify(body));
    assert.notEqual(refusalFor(400, envelope('InvalidParameter', 'no such model')).kind, 'task-not-found');
  });
});
