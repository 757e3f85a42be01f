import { settleAll } from './settle-all';

describe('settleAll', () => {
  it('answers every value in order', async () => {
    await expect(settleAll<[number, string]>([Promise.resolve(1), Promise.resolve('two')])).resolves.toEqual([1, 'two']);
  });

  it('rejects with the first failure only once every sibling has settled', async () => {
    let siblingDone = false;
    const sibling = new Promise<string>((resolve) =>
      setTimeout(() => {
        siblingDone = true;
        resolve('late');
      }, 30),
    );
    const failure = new Error('statement timeout');
    await expect(settleAll<[string, string]>([Promise.reject(failure), sibling])).rejects.toBe(failure);
    expect(siblingDone).toBe(true);
  });
});
