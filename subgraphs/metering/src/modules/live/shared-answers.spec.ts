import { SharedAnswers, usageQuestion } from './shared-answers';

describe('shared live answers', () => {
  it('subscribers asking the same question under the same notice share one computation', async () => {
    const shared = new SharedAnswers<number>();
    let computed = 0;
    const compute = async () => ++computed;
    const answers = await Promise.all(Array.from({ length: 100 }, () => shared.answer('q', 'n1', compute)));
    expect(computed).toBe(1);
    expect(new Set(answers)).toEqual(new Set([1]));
  });

  it('a later notice or another question computes afresh', async () => {
    const shared = new SharedAnswers<string>();
    const calls: string[] = [];
    const compute = (label: string) => async () => (calls.push(label), label);
    expect(await shared.answer('q', 'n1', compute('q n1'))).toBe('q n1');
    expect(await shared.answer('q', 'n2', compute('q n2'))).toBe('q n2');
    expect(await shared.answer('other', 'n2', compute('other n2'))).toBe('other n2');
    expect(await shared.answer('q', 'n2', compute('again'))).toBe('q n2');
    expect(calls).toEqual(['q n1', 'q n2', 'other n2']);
  });

  it('a failed answer is not handed to later askers', async () => {
    const shared = new SharedAnswers<string>();
    await expect(shared.answer('q', 'n1', async () => Promise.reject(new Error('database gone')))).rejects.toThrow('database gone');
    expect(shared.size).toBe(0);
    expect(await shared.answer('q', 'n1', async () => 'recovered')).toBe('recovered');
  });

  it('the question is the scope and the filter, whatever the order of space ids and compute types', () => {
    const filter = { from: '2026-06-01', to: '2026-06-30', timeZone: 'UTC', computeTypes: ['TOOLS', 'LLM'] };
    const some = { organizationId: 'o1', all: false as const, spaceIds: ['s2', 's1'], userId: 'u1' };
    expect(usageQuestion(some, filter)).toBe(usageQuestion({ ...some, spaceIds: ['s1', 's2'] }, { ...filter, computeTypes: ['LLM', 'TOOLS'] }));
    expect(usageQuestion(some, filter)).not.toBe(usageQuestion({ ...some, spaceIds: ['s1'] }, filter));
    expect(usageQuestion(some, filter)).not.toBe(usageQuestion({ ...some, userId: 'u2' }, filter));
    expect(usageQuestion(some, filter)).not.toBe(usageQuestion({ organizationId: 'o1', all: true }, filter));
    expect(usageQuestion({ organizationId: 'o1', all: true }, filter)).not.toBe(usageQuestion({ organizationId: 'o2', all: true }, filter));
    expect(usageQuestion({ organizationId: 'o1', all: true }, filter)).not.toBe(usageQuestion({ organizationId: 'o1', all: true }, { ...filter, timeZone: 'Asia/Kolkata' }));
    expect(usageQuestion({ organizationId: 'o1', all: true }, filter)).not.toBe(usageQuestion({ organizationId: 'o1', all: true }, { ...filter, agentId: 'a1' }));
  });
});
