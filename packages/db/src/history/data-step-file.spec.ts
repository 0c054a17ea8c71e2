import { declaredBlocking, declaredMode } from './data-step-file';

describe('what data.ts declares, read from its text', () => {
  it('reads mode and blocking written as literals', () => {
    const text =
      "export default defineDataMigration({\n  mode: 'batched',\n  blocking: false,\n});";
    expect(declaredMode(text)).toBe('batched');
    expect(declaredBlocking(text)).toBe(false);
    expect(declaredMode('{ mode: "transaction" }')).toBe('transaction');
    expect(declaredBlocking('{ blocking:true }')).toBe(true);
  });

  it('is null when they are not literals, so readiness treats the step as blocking', () => {
    expect(declaredMode('{ mode: MODE }')).toBeNull();
    expect(declaredMode("{ mode: 'sideways' }")).toBeNull();
    expect(declaredBlocking('{ blocking: isBig }')).toBeNull();
  });
});
