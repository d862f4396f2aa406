// The provider's prompt limit (api/promptLength.ts), checked where every door's request is
// validated: words in any script written with spaces, Chinese, Japanese and Korean characters one
// by one, a mix by its share of each, and a cap on characters in all.
import assert from 'node:assert/strict';
import { validateRequest, ValidationError } from '../../src/api';
import { promptSize, promptTooLong, quotePrompt } from '../../src/api/promptLength';

describe('how long a prompt Seedance takes', () => {
  it('counts words in any spaced script, and CJK characters one by one', () => {
    assert.deepEqual(promptSize('A heron — at dusk'), { words: 4, cjk: 0, chars: 17 });
    assert.deepEqual(promptSize('مالك الحزين عند الغروب'), { words: 4, cjk: 0, chars: 22 });
    assert.deepEqual(promptSize('一只苍鹭 at dusk'), { words: 2, cjk: 4, chars: 12 });
  });

  it('takes 1,000 words or 500 CJK characters, and refuses one more, naming the count', () => {
    assert.equal(promptTooLong('كلمة '.repeat(1_000)), undefined);
    assert.match(promptTooLong('كلمة '.repeat(1_001)) ?? '', /1001 words, Seedance takes about 1000/);
    assert.equal(promptTooLong('鹭'.repeat(500)), undefined);
    assert.match(promptTooLong('鹭'.repeat(501)) ?? '', /501 Chinese, Japanese or Korean characters/);
    // Half of each is the whole allowance; a little more of either is too much.
    assert.equal(promptTooLong(`${'word '.repeat(500)}${'鹭'.repeat(250)}`), undefined);
    assert.match(promptTooLong(`${'word '.repeat(500)}${'鹭'.repeat(260)}`) ?? '', /500 words and 260 Chinese/);
    assert.match(promptTooLong('a'.repeat(10_001)) ?? '', /10001 characters, at most 10000/);
  });

  it('the editor’s and the agents’ requests are refused the same way, before anything is sent', async () => {
    await assert.rejects(
      validateRequest({ prompt: 'shot '.repeat(1_200), model: 'doubao-seedance-2-0' }),
      (err: unknown) =>
        err instanceof ValidationError && err.issues.some((i) => i.field === 'prompt' && /1200 words/.test(i.message)),
    );
  });

  it('quotes a long prompt shortened, saying how much was left out', () => {
    assert.equal(quotePrompt('short'), 'short');
    assert.equal(quotePrompt('x'.repeat(310), 300), `${'x'.repeat(300)}… (10 more characters)`);
  });
});
