import { LimitSetting, effectiveLimit } from './effective-limit';

const reach = { userId: 'u1', unitIds: ['child', 'root'], groupIds: ['g1', 'g2'] };
const set = (level: LimitSetting['level'], targetId: string, dailyTokens: number, model = ''): LimitSetting => ({ level, targetId, model, dailyTokens });

describe('the most permissive daily token limit', () => {
  it('is unlimited when nothing is set', () => {
    expect(effectiveLimit([], reach, '')).toEqual({ limit: null, source: null, candidates: [] });
  });

  it('takes the highest value of every level that applies, naming its setting', () => {
    const settings = [set('ORGANIZATION', '', 1000), set('UNIT', 'root', 5000), set('GROUP', 'g2', 3000), set('USER', 'u1', 2000)];
    const result = effectiveLimit(settings, reach, '');
    expect(result.limit).toBe(5000);
    expect(result.source).toEqual(set('UNIT', 'root', 5000));
    expect(result.candidates.map((c) => c.level)).toEqual(['USER', 'GROUP', 'UNIT', 'ORGANIZATION']);
  });

  it('lets 0 win at once, wherever it is set', () => {
    const result = effectiveLimit([set('ORGANIZATION', '', 0), set('USER', 'u1', 10)], reach, '');
    expect(result).toMatchObject({ limit: null, source: set('ORGANIZATION', '', 0) });
  });

  it('ignores settings of other members, groups and units', () => {
    const result = effectiveLimit([set('USER', 'u2', 9000), set('GROUP', 'g9', 9000), set('UNIT', 'elsewhere', 9000), set('USER', 'u1', 100)], reach, '');
    expect(result).toMatchObject({ limit: 100, candidates: [set('USER', 'u1', 100)] });
  });

  it('keeps a model\'s limits apart from the all-models ones', () => {
    const settings = [set('ORGANIZATION', '', 1000), set('USER', 'u1', 50, 'gpt-4o'), set('GROUP', 'g1', 70, 'gpt-4o')];
    expect(effectiveLimit(settings, reach, '').limit).toBe(1000);
    expect(effectiveLimit(settings, reach, 'gpt-4o')).toMatchObject({ limit: 70, source: set('GROUP', 'g1', 70, 'gpt-4o') });
    expect(effectiveLimit(settings, reach, 'claude').limit).toBeNull();
  });

  it('names the most specific of equal settings', () => {
    expect(effectiveLimit([set('ORGANIZATION', '', 500), set('USER', 'u1', 500)], reach, '').source?.level).toBe('USER');
  });
});
